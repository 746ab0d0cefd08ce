namespace Kaniko.Engine.Registries;

/// <summary>How requests reach a registry.</summary>
public enum RegistryTransport
{
    Https,
    PlainHttp,

    /// <summary>Loopback registries: HTTPS first; when the registry does not speak TLS at all, plain HTTP from then on.</summary>
    HttpsThenPlainHttp,
}
