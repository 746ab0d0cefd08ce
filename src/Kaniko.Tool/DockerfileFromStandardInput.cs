namespace Kaniko.Tool;

/// <summary><c>-f -</c>: the Dockerfile comes from stdin; it is saved to a temporary file the build reads.</summary>
internal static class DockerfileFromStandardInput
{
    public static string PathFor(string dockerfile)
    {
        if (dockerfile != "-")
        {
            return dockerfile;
        }

        var path = Path.Combine(Path.GetTempPath(), "kaniko-stdin-" + Guid.NewGuid().ToString("N") + ".Dockerfile");
        using var input = Console.OpenStandardInput();
        using var output = File.Create(path);
        input.CopyTo(output);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
        return path;
    }
}
