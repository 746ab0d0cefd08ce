namespace Kaniko.Tool;

/// <summary>--log-format: one plain line per message, or one JSON object per message for log collectors.</summary>
internal enum LogFormat
{
    Text,
    Json,
}
