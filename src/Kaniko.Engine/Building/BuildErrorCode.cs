namespace Kaniko.Engine.Building;

/// <summary>Stable codes of the errors of a build as a whole (KANIKO40xx beyond the context).</summary>
internal static class BuildErrorCode
{
    /// <summary>The build has no output (no destination, layout or tar).</summary>
    public const string NoOutput = "KANIKO4003";
}
