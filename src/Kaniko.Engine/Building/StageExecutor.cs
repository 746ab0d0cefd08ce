using Kaniko.Engine.Commands;
using Kaniko.Engine.Contexts;
using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Images;
using Kaniko.Engine.Layers;
using Kaniko.Engine.Snapshots;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Building;

/// <summary>
/// Builds one stage: extracts the base into the stage's root, runs each instruction, turns the files
/// each one wrote into a layer and records history, then assembles the manifest and config.
/// </summary>
internal sealed class StageExecutor(
    BlobStore blobs,
    BuildContextDirectory context,
    bool reproducible,
    ILogger logger,
    LayerCompression compression = LayerCompression.Gzip,
    int? compressionLevel = null)
{
    private const string HistoryComment = "buildkit.dockerfile.v0";

    public async Task<(LocalImage Image, IReadOnlyList<BuiltLayer> Layers)> BuildAsync(
        LocalImage baseImage, IReadOnlyList<Instruction> instructions, char escape, string rootPath, CancellationToken cancellationToken)
    {
        var root = new RootDirectory(rootPath);
        Directory.CreateDirectory(root.HostPath);
        foreach (var layer in baseImage.Layers)
        {
            await using var blob = new FileStream(layer.BlobPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await LayerExtractor.ExtractAsync(blob, root.HostPath, cancellationToken).ConfigureAwait(false);
        }

        // A fresh copy, so the base image's parsed config is never changed under it.
        var config = ImageConfig.Parse(baseImage.ConfigBytes);
        var stage = new StageState(root, context, config, logger) { Escape = escape };
        var isDocker = baseImage.ManifestMediaType == MediaTypes.DockerManifest;
        var layerMediaType = compression != LayerCompression.Gzip
            ? LayerMediaType.For(compression)
            : isDocker ? MediaTypes.DockerLayerGzip : MediaTypes.OciLayerGzip;
        var created = BuildClock.CreatedTime(reproducible);
        var writeOptions = new LayerWriteOptions
        {
            Reproducible = reproducible,
            ModificationTime = created,
            Compression = compression,
            CompressionLevel = compressionLevel,
        };
        var layers = baseImage.Layers.ToList();
        var built = baseImage.Layers.Select(l => new BuiltLayer(l.Descriptor.Digest, l.Descriptor.Size, FromBase: true, "")).ToList();

        for (var step = 0; step < instructions.Count; step++)
        {
            var instruction = instructions[step];
            logger.LogInformation("STEP {Step}/{Count}: {Instruction}", step + 1, instructions.Count, instruction.Text);
            var result = await ExecuteAsync(instruction, stage, cancellationToken).ConfigureAwait(false);
            var history = new HistoryEntry { Created = created, CreatedBy = result.CreatedBy, Comment = HistoryComment };
            if (result.MakesLayer)
            {
                var entries = result.Entries ?? ListedFilesSnapshot.Entries(root, result.ChangedPaths!, reproducible);
                var layer = await blobs.WriteLayerAsync(entries, writeOptions, layerMediaType, cancellationToken).ConfigureAwait(false);
                logger.LogInformation("  layer {Digest} ({Entries} entries, {Size} bytes)", layer.Descriptor.Digest, entries.Count, layer.Descriptor.Size);
                layers.Add(layer);
                config.RootFs.DiffIds.Add(layer.DiffId);
                built.Add(new BuiltLayer(layer.Descriptor.Digest, layer.Descriptor.Size, FromBase: false, result.CreatedBy));
            }
            else
            {
                history.EmptyLayer = true;
            }

            config.History.Add(history);
        }

        config.Created = created;
        var configBytes = config.ToJson();
        var configDescriptor = await blobs.WriteBytesAsync(configBytes, isDocker ? MediaTypes.DockerConfig : MediaTypes.OciConfig, cancellationToken).ConfigureAwait(false);
        var manifest = new ImageManifest
        {
            SchemaVersion = 2,
            MediaType = isDocker ? MediaTypes.DockerManifest : MediaTypes.OciManifest,
            Config = configDescriptor,
            Layers = layers.Select(l => l.Descriptor).ToList(),
        };
        return (new LocalImage(manifest, manifest.ToJson(), config, configBytes, layers), built);
    }

    private static async Task<CommandResult> ExecuteAsync(Instruction instruction, StageState stage, CancellationToken cancellationToken)
    {
        try
        {
            return await BuildCommands.Create(instruction).ExecuteAsync(stage, cancellationToken).ConfigureAwait(false);
        }
        catch (KanikoException error) when (error is not DockerfileException && error.Code == DockerfileErrorCode.InvalidWord)
        {
            // The lexer knows the word, not where it stands: the instruction does.
            throw new DockerfileException(error.Code, instruction.Location, error.Message);
        }
    }
}
