namespace Kaniko.Engine.Commands;

/// <summary>Stable codes of the errors COPY and ADD raise (KANIKO32xx).</summary>
internal static class CommandErrorCode
{
    /// <summary>A source is not in the context (or stage).</summary>
    public const string SourceNotFound = "KANIKO3201";

    /// <summary>--chmod is neither an octal nor a symbolic mode.</summary>
    public const string InvalidChmod = "KANIKO3202";

    /// <summary>A source is outside the build context.</summary>
    public const string SourceOutsideContext = "KANIKO3203";

    /// <summary>--from names neither a stage nor a pullable image.</summary>
    public const string UnknownFromSource = "KANIKO3204";

    /// <summary>--from names a stage not built before this one (or one whose files were not extracted).</summary>
    public const string StageNotAvailable = "KANIKO3205";

    /// <summary>ADD: the URL names no file.</summary>
    public const string UrlNamesNoFile = "KANIKO3206";

    /// <summary>ADD: the download failed or the server answered with an error.</summary>
    public const string DownloadFailed = "KANIKO3207";

    /// <summary>ADD: the content does not match --checksum.</summary>
    public const string ChecksumMismatch = "KANIKO3208";

    /// <summary>A source is empty after expansion.</summary>
    public const string EmptySource = "KANIKO3209";
}
