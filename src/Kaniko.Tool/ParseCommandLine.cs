using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kaniko.Engine.Contexts;
using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Tool;

/// <summary>
/// <c>dotnet kaniko parse FILE [--format ast|json]</c>: the syntax tree in BuildKit's dump format, or
/// the typed instructions with their locations as JSON. The tree is printed for every file BuildKit's
/// parser accepts, so CMD before FROM or an unknown flag only fail the json format (and the build).
/// A Dockerfile error exits 1 with "file:line:col: message" on stderr.
/// </summary>
internal static class ParseCommandLine
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The Dockerfile to parse." };
        var format = new Option<string>("--format") { Description = "ast (BuildKit's syntax tree dump) or json (typed instructions).", DefaultValueFactory = _ => "ast" };
        format.AcceptOnlyFromAmong("ast", "json");
        var command = new Command("parse", "Parse a Dockerfile and print its syntax tree or typed instructions.") { file, format };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var path = parsed.GetValue(file)!;
            if (!File.Exists(path))
            {
                await Console.Error.WriteLineAsync($"error {ContextErrorCode.DockerfileMissing}: the Dockerfile '{path}' does not exist.").ConfigureAwait(false);
                return BuildCommandLine.Failed;
            }

            var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            try
            {
                var syntax = DockerfileSyntaxParser.Parse(text, path);
                var output = parsed.GetValue(format) == "json"
                    ? JsonSerializer.Serialize(DockerfileParser.Parse(syntax), JsonOptions) + "\n"
                    : SyntaxTreeDump.Format(syntax);
                await Console.Out.WriteAsync(output).ConfigureAwait(false);
                return BuildCommandLine.Succeeded;
            }
            catch (DockerfileException error)
            {
                await Console.Error.WriteLineAsync($"{error.Message} [{error.Code}]").ConfigureAwait(false);
                if (error.Excerpt is { } excerpt)
                {
                    await Console.Error.WriteLineAsync($"  | {excerpt}").ConfigureAwait(false);
                }

                return BuildCommandLine.Failed;
            }
        });
        return command;
    }
}
