namespace Kaniko.Engine.Commands;

/// <summary>Finds the files <c>COPY --from=</c> reads: an earlier stage's root folder or an image's extracted files.</summary>
public interface IFromSources
{
    /// <summary>The host folder holding the root of <paramref name="reference"/> (a stage name, a stage index or an image).</summary>
    Task<string> RootOfAsync(string reference, CancellationToken cancellationToken);
}
