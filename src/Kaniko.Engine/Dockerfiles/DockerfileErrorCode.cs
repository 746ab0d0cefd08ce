namespace Kaniko.Engine.Dockerfiles;

/// <summary>Stable codes of Dockerfile errors.</summary>
public static class DockerfileErrorCode
{
    /// <summary>A word in instruction position that is no Dockerfile instruction.</summary>
    public const string UnknownInstruction = "KANIKO3002";

    /// <summary>Wrong number or shape of an instruction's arguments.</summary>
    public const string InvalidArguments = "KANIKO3003";

    /// <summary>A flag the instruction does not take, a duplicate, or one without its value.</summary>
    public const string InvalidFlag = "KANIKO3004";

    /// <summary>The file has no instructions.</summary>
    public const string NoInstructions = "KANIKO3005";

    /// <summary>An instruction before the first FROM.</summary>
    public const string MissingFrom = "KANIKO3006";

    /// <summary>A parser directive (# escape=...) with a bad value or given twice.</summary>
    public const string InvalidDirective = "KANIKO3007";

    /// <summary>A heredoc whose terminating line never comes.</summary>
    public const string UnterminatedHeredoc = "KANIKO3008";

    /// <summary>A stage name given twice, or a --from / FROM naming a stage that comes later.</summary>
    public const string InvalidStage = "KANIKO3009";

    /// <summary>A word that cannot be expanded (unterminated quote, bad substitution).</summary>
    public const string InvalidWord = "KANIKO3010";

    /// <summary>A .dockerignore line that is no valid pattern (a lone "!", an unclosed "[").</summary>
    public const string InvalidIgnorePattern = "KANIKO3011";

    /// <summary>EXPOSE names no valid port.</summary>
    public const string InvalidPort = "KANIKO3101";

    /// <summary>VOLUME has no path.</summary>
    public const string VolumeWithoutPath = "KANIKO3102";

    /// <summary>STOPSIGNAL names no signal.</summary>
    public const string InvalidStopSignal = "KANIKO3103";

    /// <summary>A base image's ONBUILD trigger is FROM or ONBUILD.</summary>
    public const string InvalidOnBuildTrigger = "KANIKO3105";
}
