namespace Kaniko.Tool;

/// <summary>Stable codes of the errors only the command line raises (<c>dotnet kaniko init</c>).</summary>
internal static class ToolErrorCode
{
    /// <summary>init finds no project file, or more than one, at the path.</summary>
    public const string NoSingleProject = "KANIKO1210";

    /// <summary>The project already has a Dockerfile or Dockerfile.dockerignore.</summary>
    public const string DockerfileExists = "KANIKO1211";

    /// <summary>The project does not reference Kaniko.Tasks, or its publish failed.</summary>
    public const string TasksNotReferenced = "KANIKO1212";
}
