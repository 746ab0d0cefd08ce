using System.Text;
using Kaniko.Engine.Caching;
using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Images;

namespace Kaniko.Engine.Commands;

/// <summary>
/// One Dockerfile instruction, ready to apply to a stage, and what it says about itself, as kaniko's
/// commands do: whether it only changes metadata, whether it reads the base's files, how the layer
/// cache treats it, its key and its effect on the config. The defaults are a metadata instruction's
/// (ENV, LABEL, CMD ...); a command that touches files says so by overriding them.
/// </summary>
internal abstract class BuildCommand : ICacheableCommand<StageState>
{
    /// <summary>The instruction the command runs.</summary>
    public abstract Instruction Instruction { get; }

    public string Text => Instruction.Text;

    /// <summary>Whether it only changes the config: it reads and writes no files, so it needs no extracted root and makes no layer.</summary>
    public virtual bool MetadataOnly => true;

    /// <summary>
    /// Whether it reads the content of files it did not write (RUN, ADD). Without it, a command reads
    /// of the root only folders, links, owners, modes and <c>/etc/passwd</c> and <c>/etc/group</c>,
    /// which the base layers' listings hold: the base need not be extracted.
    /// </summary>
    public virtual bool ReadsBaseFiles => false;

    public virtual LayerCacheRule CacheRule => LayerCacheRule.None;

    /// <summary>The instruction's here-documents; their bodies are part of its key.</summary>
    protected virtual IReadOnlyList<Heredoc> Heredocs => [];

    public abstract Task<CommandResult> ExecuteAsync(StageState stage, CancellationToken cancellationToken);

    /// <summary>
    /// <c>instruction</c> (the keyword), <c>text</c> (as written), <c>heredoc</c> (NAME NUL BODY, one
    /// each), <c>config</c> (the container config as the instruction sees it, canonical JSON), then
    /// what <see cref="AddInputFieldsAsync"/> adds.
    /// </summary>
    public Task<bool> AddKeyFieldsAsync(CacheKeyEncoding key, StageState stage, CancellationToken cancellationToken)
    {
        key.Add("instruction", Instruction.GetType().Name.Replace("Instruction", "", StringComparison.Ordinal).ToUpperInvariant())
            .Add("text", Instruction.Text);
        foreach (var heredoc in Heredocs)
        {
            key.Add("heredoc", heredoc.Name + "\0" + heredoc.Content);
        }

        key.Add("config", Encoding.UTF8.GetString(ImageJson.ToJson(stage.ContainerConfig)));
        return AddInputFieldsAsync(key, stage, cancellationToken);
    }

    /// <summary>A metadata command's whole effect is on the config; others change files only, but for WORKDIR.</summary>
    public virtual Task ApplyToConfigAsync(StageState stage, CancellationToken cancellationToken) =>
        MetadataOnly ? ExecuteAsync(stage, cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// The key fields of what the instruction reads besides the config; false when that cannot be
    /// known before it runs. By default <c>expanded</c>: its text after expansion.
    /// </summary>
    protected virtual Task<bool> AddInputFieldsAsync(CacheKeyEncoding key, StageState stage, CancellationToken cancellationToken)
    {
        key.Add("expanded", ExpandOrKeep(stage.Words(), Instruction.Text));
        return Task.FromResult(true);
    }

    /// <summary>The word expanded, or as written when it cannot be: the instruction reports the bad word when it runs.</summary>
    protected static string ExpandOrKeep(StageWords words, string text)
    {
        try
        {
            return words.Expand(text);
        }
        catch (KanikoException)
        {
            return text;
        }
    }
}
