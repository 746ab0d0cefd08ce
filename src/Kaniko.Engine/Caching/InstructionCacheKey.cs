namespace Kaniko.Engine.Caching;

/// <summary>
/// The composite keys of a stage's chain, in <see cref="CacheKeyEncoding"/>.
/// <para>A stage's seed: <c>base</c> (the base image's manifest digest, or <c>stage:KEY</c> with
/// the final key of the earlier stage it starts from), <c>layer-format</c> (media type, compression
/// and level of new layers) and <c>layer-time</c> (the fixed mtime of a reproducible build, or
/// <c>none</c>), so a reused blob is byte for byte what this build would write.</para>
/// <para>An instruction's key: <c>parent</c> (the previous key), then the fields its command adds
/// (<see cref="ICacheableCommand{TStage}.AddKeyFieldsAsync"/>): <c>instruction</c> (the keyword),
/// <c>text</c> (as written), <c>heredoc</c> (NAME NUL BODY, one each), <c>config</c> (the container
/// config as the instruction sees it, canonical JSON), then what that instruction reads: for RUN the
/// ARGs in scope, for COPY and ADD the sources' content, for the others their expanded text. Each
/// command lists its own.</para>
/// </summary>
internal static class InstructionCacheKey
{
    public static CacheKeyEncoding Seed(string baseIdentity, string layerFormat, string layerTime) =>
        new CacheKeyEncoding().Add("base", baseIdentity).Add("layer-format", layerFormat).Add("layer-time", layerTime);

    /// <summary>The key's encoding, or null when what the instruction reads cannot be known up front.</summary>
    public static async Task<CacheKeyEncoding?> ForAsync<TStage>(string parent, ICacheableCommand<TStage> command, TStage stage, CancellationToken cancellationToken)
    {
        var encoding = new CacheKeyEncoding().Add("parent", parent);
        return await command.AddKeyFieldsAsync(encoding, stage, cancellationToken).ConfigureAwait(false) ? encoding : null;
    }
}
