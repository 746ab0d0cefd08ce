using System.Text.Json;

namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// The JSON-array form of CMD, ENTRYPOINT and COPY. Text that is not a JSON array of strings is not
/// an error: like BuildKit, the caller falls back to the shell form.
/// </summary>
internal static class ExecForm
{
    public static bool TryParse(string text, out IReadOnlyList<string> arguments)
    {
        arguments = [];
        var trimmed = text.Trim();
        if (!trimmed.StartsWith('['))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(trimmed);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            var values = new List<string>();
            foreach (var element in document.RootElement.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.String)
                {
                    return false;
                }

                values.Add(element.GetString()!);
            }

            arguments = values;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
