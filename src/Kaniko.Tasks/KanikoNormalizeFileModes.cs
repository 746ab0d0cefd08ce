using Kaniko.Engine.Publishing;
using Microsoft.Build.Framework;

namespace Kaniko.Tasks;

/// <summary>
/// Gives the publish folder the file modes the image should have (see <see cref="PublishFolderModes"/>),
/// before the generated Dockerfile's COPY takes them into the layers.
/// </summary>
public sealed class KanikoNormalizeFileModes : Microsoft.Build.Utilities.Task
{
    [Required]
    public string PublishDirectory { get; set; } = "";

    public override bool Execute()
    {
        if (Directory.Exists(PublishDirectory))
        {
            PublishFolderModes.Normalize(PublishDirectory);
        }

        return true;
    }
}
