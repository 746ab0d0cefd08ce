using System.CommandLine;

namespace Kaniko.Tool;

internal static class KanikoCommandLine
{
    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Kaniko: builds container images from Dockerfiles without a Docker engine.")
        {
            BuildCommandLine.Create(),
            ParseCommandLine.Create(),
        };
        return root.Parse(args).InvokeAsync();
    }
}
