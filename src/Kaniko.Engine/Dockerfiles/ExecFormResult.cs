namespace Kaniko.Engine.Dockerfiles;

internal enum ExecFormResult
{
    /// <summary>Not JSON: the shell form.</summary>
    NotJson,

    /// <summary>A JSON array of strings: the exec form.</summary>
    Strings,

    /// <summary>A JSON array holding something other than strings: an error.</summary>
    NotStrings,
}
