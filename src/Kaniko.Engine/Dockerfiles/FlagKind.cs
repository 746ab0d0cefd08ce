namespace Kaniko.Engine.Dockerfiles;

internal enum FlagKind
{
    /// <summary>--name=value, once.</summary>
    Text,

    /// <summary>--name, --name=true or --name=false, once.</summary>
    Switch,

    /// <summary>--name=value, any number of times.</summary>
    List,
}
