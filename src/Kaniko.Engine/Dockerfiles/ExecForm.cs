using System.Text.Json;

namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// The JSON-array form of RUN, CMD, ENTRYPOINT, SHELL, COPY, ADD and VOLUME. Text that is not valid
/// JSON is not an error: like BuildKit, the caller falls back to the shell form. Valid JSON that is
/// an array of anything but strings is an error.
/// </summary>
internal static class ExecForm
{
    public const string NotStringArray = "when using JSON array syntax, arrays must be comprised of strings only";

    public static bool TryParse(string text, out IReadOnlyList<string> arguments) =>
        Parse(text, out arguments) == ExecFormResult.Strings;

    public static ExecFormResult Parse(string text, out IReadOnlyList<string> arguments)
    {
        arguments = [];
        var trimmed = text.TrimStart();
        if (!trimmed.StartsWith('['))
        {
            return ExecFormResult.NotJson;
        }

        try
        {
            using var document = JsonDocument.Parse(trimmed);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return ExecFormResult.NotJson;
            }

            var values = new List<string>();
            foreach (var element in document.RootElement.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.String)
                {
                    return ExecFormResult.NotStrings;
                }

                values.Add(element.GetString()!);
            }

            arguments = values;
            return ExecFormResult.Strings;
        }
        catch (JsonException)
        {
            return ExecFormResult.NotJson;
        }
        catch (ArgumentException)
        {
            // Text with a lone surrogate cannot be JSON either (found by the fuzz test).
            return ExecFormResult.NotJson;
        }
    }
}
