using Kaniko.TestInfrastructure;

// Small command line for scripts: `base-images` prints the base image layout folder;
// `run-image --layout DIR --tag TAG [-- COMMAND...]` runs an image and relays its output and exit code.
return args.FirstOrDefault() switch
{
    "base-images" => await PrintBaseImageLayoutAsync(),
    "run-image" => await RunImageAsync(args[1..]),
    _ => Usage(),
};

static async Task<int> PrintBaseImageLayoutAsync()
{
    Console.WriteLine(await BaseImages.EnsureLayoutAsync());
    return 0;
}

static async Task<int> RunImageAsync(string[] options)
{
    string? layout = null;
    string? tag = null;
    List<string>? command = null;
    for (var i = 0; i < options.Length; i++)
    {
        switch (options[i])
        {
            case "--layout" when i + 1 < options.Length:
                layout = options[++i];
                break;
            case "--tag" when i + 1 < options.Length:
                tag = options[++i];
                break;
            case "--":
                command = [.. options[(i + 1)..]];
                i = options.Length;
                break;
            default:
                return Usage();
        }
    }

    if (layout is null || tag is null)
    {
        return Usage();
    }

    var result = await ImageRunner.RunFromLayoutAsync(layout, tag, command);
    Console.Out.Write(result.StandardOutput);
    Console.Error.Write(result.StandardError);
    return result.ExitCode;
}

static int Usage()
{
    Console.Error.WriteLine("usage: base-images | run-image --layout DIR --tag TAG [-- COMMAND...]");
    return 2;
}
