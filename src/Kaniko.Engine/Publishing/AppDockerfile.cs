using System.Text;

namespace Kaniko.Engine.Publishing;

/// <summary>
/// The Dockerfile for a published app: every value is quoted, and <c>$</c> escaped, so what the
/// project says arrives in the image as written, never expanded.
/// </summary>
public static class AppDockerfile
{
    public static string Text(AppImageSettings settings)
    {
        var text = new StringBuilder();
        text.Append("FROM ").Append(settings.BaseImage).Append('\n');
        foreach (var (name, value) in settings.Labels)
        {
            text.Append("LABEL ").Append(Quote(name)).Append('=').Append(Quote(value)).Append('\n');
        }

        foreach (var (name, value) in settings.Environment)
        {
            text.Append("ENV ").Append(name).Append('=').Append(Quote(value)).Append('\n');
        }

        if (settings.Ports.Count > 0)
        {
            text.Append("EXPOSE ").AppendJoin(' ', settings.Ports).Append('\n');
        }

        var workingDirectory = settings.WorkingDirectory.TrimEnd('/');
        // Not quoted, as USER: $APP_UID comes from the base image's ENV.
        var chown = settings.FileOwner is null ? "" : "--chown=" + settings.FileOwner + " ";
        text.Append("WORKDIR ").Append(Quote(workingDirectory)).Append('\n');
        if (settings.Layers is null)
        {
            text.Append("COPY ").Append(chown).Append(". ").Append(Quote(workingDirectory + "/")).Append('\n');
        }
        else
        {
            foreach (var (layer, files) in settings.Layers)
            {
                // --parents keeps each file's folder (cs/X.resources.dll, wwwroot/css/site.css) under the destination.
                text.Append("# ").Append(layer).Append('\n');
                text.Append("COPY --parents ").Append(chown).Append(JsonArray([.. files, workingDirectory + "/"])).Append('\n');
            }
        }
        if (!string.IsNullOrEmpty(settings.User))
        {
            // Not quoted: the default is $APP_UID, which the base image's ENV must expand.
            text.Append("USER ").Append(settings.User).Append('\n');
        }

        if (settings.Entrypoint.Count > 0)
        {
            text.Append("ENTRYPOINT ").Append(JsonArray(settings.Entrypoint)).Append('\n');
        }

        if (settings.Cmd.Count > 0)
        {
            text.Append("CMD ").Append(JsonArray(settings.Cmd)).Append('\n');
        }

        return text.ToString();
    }

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("$", "\\$", StringComparison.Ordinal) + "\"";

    // Exec form is JSON and is never expanded.
    private static string JsonArray(IReadOnlyList<string> values) => System.Text.Json.JsonSerializer.Serialize(values);
}
