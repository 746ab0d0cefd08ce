using System.Diagnostics;
using System.Globalization;
using Kaniko.Engine.Caching;
using Kaniko.Engine.Commands;
using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Images;
using Kaniko.Engine.Layers;
using Kaniko.Engine.Snapshots;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Building;

/// <summary>
/// Builds one stage: extracts the base into the stage's root, runs the base's ONBUILD triggers and
/// then each instruction, turns the files each one wrote into a layer and records history, then
/// assembles the manifest and config. With <c>--single-snapshot</c> the instructions add no layer of
/// their own: a walk of the root before the first and after the last (kaniko's way, in the build's
/// <c>--snapshot-mode</c>) makes one layer of everything the stage changed, carried by the last
/// instruction's history entry; every other entry is marked empty_layer.
/// </summary>
internal sealed class StageBuild
{
    private readonly StageBuildSettings _settings;
    private readonly StageToBuild _job;
    private readonly ILogger _logger;
    private readonly string _label;
    private readonly RootDirectory _root;
    private readonly ImageConfig _config;
    private readonly List<BuildCommand> _commands;
    private readonly bool _isDocker;
    private readonly string _layerMediaType;
    private readonly DateTimeOffset _created;
    private readonly LayerWriteOptions _writeOptions;
    private readonly StageLayers _layers;
    private readonly List<BuildStep> _steps = [];

    /// <summary>Whether the root's files may come from the layers' listings: nothing reads the root after the stage.</summary>
    private readonly bool _listedRootAllowed;

    /// <summary>The commands from this one to the end read no base files.</summary>
    private readonly int _readsNoBaseFilesFrom;

    /// <summary>Whether no command reads base files and nothing reads the root after: the base is listed, never extracted.</summary>
    private readonly bool _baseFilesOnDemand;
    private readonly DeferredRoot _deferred;
    private bool _onDemandLogged;

    public StageBuild(StageBuildSettings settings, StageToBuild job, ILogger logger)
    {
        _settings = settings;
        _job = job;
        _logger = logger;
        _label = job.Plan.Name ?? job.Plan.Index.ToString(CultureInfo.InvariantCulture);
        _root = new RootDirectory(job.RootPath);
        Directory.CreateDirectory(_root.HostPath);
        // A fresh copy, so the base image's parsed config is never changed under it.
        _config = ImageConfig.Parse(job.BaseImage.ConfigBytes);
        _commands = Triggers(_config, job.Plan.From).Concat(job.Plan.Instructions).Select(BuildCommands.Create).ToList();
        _isDocker = settings.Format switch
        {
            ImageFormat.Docker => true,
            ImageFormat.Oci => false,
            _ => job.BaseImage.ManifestMediaType == MediaTypes.DockerManifest,
        };
        _layerMediaType = settings.Compression != LayerCompression.Gzip
            ? LayerMediaType.For(settings.Compression)
            : _isDocker ? MediaTypes.DockerLayerGzip : MediaTypes.OciLayerGzip;
        _created = BuildClock.CreatedTime(settings.Reproducible);
        _writeOptions = new LayerWriteOptions
        {
            Reproducible = settings.Reproducible,
            ModificationTime = _created,
            Compression = settings.Compression,
            CompressionLevel = settings.CompressionLevel,
        };
        _layers = new StageLayers(job.BaseImage, _config, _isDocker, _created);
        _listedRootAllowed = settings.Listings is not null && !settings.SingleSnapshot && !job.ReadByLaterStages;
        _readsNoBaseFilesFrom = Enumerable.Range(0, _commands.Count + 1).First(start => _commands.Skip(start).All(command => !command.ReadsBaseFiles));
        _baseFilesOnDemand = _listedRootAllowed && _readsNoBaseFilesFrom == 0;
        // With the cache, what executes is what follows the first miss: it may run nothing though the stage has RUNs.
        _deferred = new DeferredRoot(_root, _baseFilesOnDemand || (_listedRootAllowed && settings.Cache is not null) ? settings.Listings : null);
        _onDemandLogged = _baseFilesOnDemand;
    }

    /// <summary>Each instruction's step, in order, once the stage is built.</summary>
    public IReadOnlyList<BuildStep> Steps => _steps;

    public async Task<BuiltStage> RunAsync(CancellationToken cancellationToken)
    {
        await AddBaseLayersAsync(cancellationToken).ConfigureAwait(false);
        _job.Variables.SetImageEnvironment(_config.Config?.Env ?? []);
        var stage = new StageState(_root, _settings.Context, _config, _logger)
        {
            Escape = _job.Escape,
            Variables = _job.Variables,
            FromSources = _job.FromSources,
            StageName = _label,
            Run = _settings.Run,
            OverlayRefusal = _settings.OverlayRefusal,
        };
        var chain = await PlanCacheAsync(stage, cancellationToken).ConfigureAwait(false);
        var stageWalk = _settings.SingleSnapshot ? new WalkingSnapshotter(SnapshotIgnoreList.Sandbox, stage.Run.SnapshotMode, reproducible: false) : null;
        var before = stageWalk?.Capture(_root);
        _logger.LogInformation("[{Stage} 1/{Steps}] {Instruction}", _label, _commands.Count + 1, TerminalText.Escape(_job.Plan.From.Text));
        for (var index = 0; index < _commands.Count; index++)
        {
            await RunStepAsync(index, stage, chain, cancellationToken).ConfigureAwait(false);
        }

        if (stageWalk is not null && _commands.Count > 0)
        {
            await AddStageSnapshotAsync(stageWalk, before!, cancellationToken).ConfigureAwait(false);
        }

        AddExtraLabels(stage);
        return await AssembleAsync(chain, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The base's layers go under the root, extracted now only when nothing may spare it.</summary>
    private async Task AddBaseLayersAsync(CancellationToken cancellationToken)
    {
        if (_baseFilesOnDemand)
        {
            _logger.LogInformation("[{Stage}] runs nothing and nothing copies from it: its base is not extracted, its folders and links come from the layers' listings", _label);
        }

        foreach (var layer in _job.BaseImage.Layers)
        {
            _deferred.Add(layer);
        }

        if (_settings.SingleSnapshot || (_settings.Cache is null && !_baseFilesOnDemand))
        {
            await _deferred.ApplyAsync(onDemand: false, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<StageCacheChain?> PlanCacheAsync(StageState stage, CancellationToken cancellationToken)
    {
        if (_settings.Cache is not { } cache)
        {
            return null;
        }

        var baseIdentity = _job.Plan.BaseStage is null ? _job.BaseImage.ManifestDigest.ToString() : _job.BaseStageKey is null ? null : "stage:" + _job.BaseStageKey;
        var chain = new StageCacheChain(cache, _label, baseIdentity, _layerMediaType, _writeOptions, _logger);
        await chain.PlanAsync(_commands, stage.ForPlanning(), cancellationToken).ConfigureAwait(false);
        return chain;
    }

    private async Task RunStepAsync(int index, StageState stage, StageCacheChain? chain, CancellationToken cancellationToken)
    {
        var command = _commands[index];
        var step = index + 2;
        var steps = _commands.Count + 1;
        _logger.LogInformation("[{Stage} {Step}/{Steps}] {Instruction}", _label, step, steps, TerminalText.Escape(DisplayText.Shorten(command.Text)));
        var clock = Stopwatch.StartNew();
        var cached = chain is null ? null : await chain.LookupAsync(index, $"{step}/{steps}", _config.Platform, cancellationToken).ConfigureAwait(false);
        _steps.Add(new BuildStep(_label, command.Text, chain?.CurrentKey, cached is not null));
        if (cached is not null)
        {
            if (cached.Layer is { } reused)
            {
                _deferred.Add(reused);
                _layers.AddLayer(reused, cached.CreatedBy);
            }

            _layers.AddHistory(cached.CreatedBy, emptyLayer: cached.Layer is null);
            return;
        }

        await ExecuteStepAsync(index, stage, chain, clock, cancellationToken).ConfigureAwait(false);
    }

    private async Task ExecuteStepAsync(int index, StageState stage, StageCacheChain? chain, Stopwatch clock, CancellationToken cancellationToken)
    {
        var command = _commands[index];
        var (step, steps) = (index + 2, _commands.Count + 1);
        if (!command.MetadataOnly)
        {
            await ApplyRootAsync(index, step, steps, cancellationToken).ConfigureAwait(false);
        }

        var result = await ExecuteAsync(command, stage, cancellationToken).ConfigureAwait(false);
        LocalLayer? made = null;
        if (result.MakesLayer && !_settings.SingleSnapshot)
        {
            var entries = result.Entries ?? ListedFilesSnapshot.Entries(_root, result.ChangedPaths!, _settings.Reproducible);
            made = await WriteLayerAsync(entries, $"{step}/{steps}", clock.Elapsed, cancellationToken).ConfigureAwait(false);
            _layers.AddLayer(made, result.CreatedBy);
        }
        else
        {
            _logger.LogInformation("[{Stage} {Step}/{Steps}] DONE {Seconds}", _label, step, steps, StepLog.Seconds(clock.Elapsed));
        }

        if (chain?.Executed(made, result.CreatedBy, _config.Platform, cancellationToken) is true && made is not null && _listedRootAllowed
            && _commands.Skip(Math.Max(index + 1, _readsNoBaseFilesFrom)).Any(later => !later.MetadataOnly))
        {
            // A later build that hits this layer and misses after it may take the layer's files on demand.
            _settings.Listings!.KeepInBackground(made, cancellationToken);
        }

        _layers.AddHistory(result.CreatedBy, emptyLayer: made is null);
    }

    /// <summary>Before a command that reads or writes files: the layers so far, extracted or (when nothing after reads base files) listed.</summary>
    private async Task ApplyRootAsync(int index, int step, int steps, CancellationToken cancellationToken)
    {
        await _deferred.ApplyAsync(index >= _readsNoBaseFilesFrom, cancellationToken).ConfigureAwait(false);
        if (_deferred.ExtractsNothing && !_onDemandLogged)
        {
            _onDemandLogged = true;
            _logger.LogInformation("[{Stage} {Step}/{Steps}] runs nothing from here and nothing copies from the stage: its base and cached layers are not extracted, their folders and links come from the layers' listings", _label, step, steps);
        }
    }

    private async Task AddStageSnapshotAsync(WalkingSnapshotter stageWalk, FileSystemWalk before, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var entries = stageWalk.Commit(before, _root);
        if (entries.Count > 0)
        {
            _layers.AddLayerToLastStep(await WriteLayerAsync(entries, "single snapshot", clock.Elapsed, cancellationToken).ConfigureAwait(false));
        }
    }

    private async Task<LocalLayer> WriteLayerAsync(IReadOnlyList<LayerEntry> entries, string step, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var layer = await _settings.Blobs.WriteLayerAsync(entries, _writeOptions, _layerMediaType, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation(
            "[{Stage} {Step}] DONE {Seconds} layer {Digest} {Size} ({Entries} entries)",
            _label, step, StepLog.Seconds(elapsed), layer.Descriptor.Digest, StepLog.Size(layer.Descriptor.Size), entries.Count);
        return layer;
    }

    private void AddExtraLabels(StageState stage)
    {
        if (_job.ExtraLabels.Count > 0)
        {
            var labels = stage.ContainerConfig.Labels ??= new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in _job.ExtraLabels)
            {
                labels[key] = value;
            }
        }
    }

    private async Task<BuiltStage> AssembleAsync(StageCacheChain? chain, CancellationToken cancellationToken)
    {
        _config.Created = _created;
        var configBytes = _config.ToJson();
        var configDescriptor = await _settings.Blobs.WriteBytesAsync(configBytes, _isDocker ? MediaTypes.DockerConfig : MediaTypes.OciConfig, cancellationToken).ConfigureAwait(false);
        var manifest = new ImageManifest
        {
            SchemaVersion = 2,
            MediaType = _isDocker ? MediaTypes.DockerManifest : MediaTypes.OciManifest,
            Config = configDescriptor,
            Layers = _layers.Layers.Select(l => l.Descriptor).ToList(),
        };
        var image = new LocalImage(manifest, manifest.ToJson(), _config, configBytes, _layers.Layers.ToList());
        return new BuiltStage(_job.Plan.Index, _job.Plan.Name, image, _root.HostPath, _layers.Built) { CacheKey = chain?.Key, Root = _deferred };
    }

    /// <summary>The base image's ONBUILD triggers, parsed; they run first and are not inherited further.</summary>
    private static List<Instruction> Triggers(ImageConfig config, FromInstruction from)
    {
        var triggers = config.Config?.OnBuild ?? [];
        if (config.Config is not null)
        {
            config.Config.OnBuild = null;
        }

        return triggers
            .Select(trigger => DockerfileParser.Parse("FROM scratch\n" + trigger, from.Location.File).Instructions[1])
            .Select(instruction => instruction is OnBuildInstruction or FromInstruction
                ? throw new DockerfileException(DockerfileErrorCode.InvalidOnBuildTrigger, from.Location, $"The base image's ONBUILD trigger '{instruction.Text}' is not allowed.")
                : instruction)
            .ToList();
    }

    private static async Task<CommandResult> ExecuteAsync(BuildCommand command, StageState stage, CancellationToken cancellationToken)
    {
        try
        {
            return await command.ExecuteAsync(stage, cancellationToken).ConfigureAwait(false);
        }
        catch (KanikoException error) when (error is not DockerfileException && error.Code == DockerfileErrorCode.InvalidWord)
        {
            // The lexer knows the word, not where it stands: the instruction does.
            throw new DockerfileException(error.Code, command.Instruction.Location, error.Message);
        }
    }
}
