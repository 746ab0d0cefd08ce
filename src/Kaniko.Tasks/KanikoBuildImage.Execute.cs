using Kaniko.Engine;
using Kaniko.Engine.Building;
using Kaniko.Engine.Dockerfiles;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Kaniko.Tasks;

public sealed partial class KanikoBuildImage
{
    // Not disposed: MSBuild may call Cancel from another thread at any time, even after Execute.
    private readonly CancellationTokenSource _cancellation = new();

    public void Cancel() => _cancellation.Cancel();

    public override bool Execute()
    {
        var request = new BuildRequest
        {
            ContextDirectory = ContextDirectory,
            DockerfilePath = DockerfilePath,
            Destinations = Destinations.Length > 0 ? Destinations : ArchiveTags,
            NoPush = Destinations.Length == 0,
            OciLayoutPath = string.IsNullOrEmpty(OciLayoutPath) ? null : OciLayoutPath,
            TarPath = string.IsNullOrEmpty(ArchivePath) ? null : ArchivePath,
            InsecureRegistries = InsecureRegistries.ToHashSet(StringComparer.OrdinalIgnoreCase),
            Reproducible = Reproducible,
        };

        try
        {
            var logger = new TaskLogger(Log);
            var result = new ImageBuilder(logger).BuildAsync(request, _cancellation.Token).GetAwaiter().GetResult();
            ManifestDigest = result.ManifestDigest.ToString();
            var reference = result.PushedReferences.Count > 0 ? result.PushedReferences[0]
                : request.Destinations.Count > 0 ? request.Destinations[0] : "";
            Image = new TaskItem(reference);
            Image.SetMetadata("Digest", ManifestDigest);
            Image.SetMetadata("Reference", reference);
            Image.SetMetadata("Tags", string.Join(';', request.Destinations));
            Image.SetMetadata("ArchivePath", request.TarPath ?? "");
            Log.LogMessage(MessageImportance.High, "Kaniko built {0} ({1})", reference, ManifestDigest);
            return true;
        }
        catch (DockerfileException error)
        {
            Log.LogError(null, error.Code, null, error.Location.File, error.Location.Line, error.Location.Column, 0, 0, "{0}", error.Message);
            return false;
        }
        catch (KanikoException error)
        {
            Log.LogError(null, error.Code, null, null, 0, 0, 0, 0, "{0}", error.Message);
            return false;
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            Log.LogError("The image build was cancelled.");
            return false;
        }
    }
}
