namespace Kaniko.Tasks;

/// <summary>Stable codes of the errors only the MSBuild tasks raise.</summary>
internal static class TaskErrorCode
{
    /// <summary>A Container* property has a value the SDK does not define.</summary>
    public const string InvalidContainerProperty = "KANIKO1201";

    /// <summary>ContainerImageFormat is neither Docker nor OCI.</summary>
    public const string InvalidImageFormat = "KANIKO1202";

    /// <summary>ContainerRuntimeIdentifier(s) names no Linux platform Kaniko builds for.</summary>
    public const string NoLinuxRuntimeIdentifier = "KANIKO1203";
}
