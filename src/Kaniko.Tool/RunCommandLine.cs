using System.CommandLine;
using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Running;
using Kaniko.Engine;
using Kaniko.Engine.Caching;
using Kaniko.Engine.Registries;
using Kaniko.Engine.Sandbox;
using Microsoft.Extensions.Logging;

namespace Kaniko.Tool;

/// <summary>
/// <c>dotnet kaniko run IMAGE [-- COMMAND ARGS...]</c>: runs an image in the RUN sandbox, no Docker
/// needed. Its stdout and stderr are the command's, its exit code is the command's; kaniko's own
/// failures exit 125 with one <c>error KANIKOnnnn:</c> line, as <c>docker run</c> does.
/// </summary>
internal static class RunCommandLine
{
    private const int KanikoFailed = 125;

    public static Command Create()
    {
        var image = new Argument<string>("image") { Description = "A registry reference or oci:DIR[:TAG]." };
        var commandLine = new Argument<string[]>("command") { Description = "Replaces the image's Cmd (its Entrypoint stays); put it after '--'.", Arity = ArgumentArity.ZeroOrMore };
        var env = new Option<string[]>("--env", "-e") { Description = "NAME=VALUE added to the image's Env (repeatable); a bare NAME takes this process's value." };
        var verbosity = new Option<LogLevel>("--verbosity", "-v") { Description = "kaniko's own log on stderr: quiet (default), minimal, normal, detailed or diagnostic.", CustomParser = Verbosity.Parse, DefaultValueFactory = _ => LogLevel.Warning };

        var registries = new RegistryOptions();
        var command = new Command("run", "Run an image's Entrypoint and Cmd in the sandbox RUN uses, forwarding its output and exit code.")
        {
            image, commandLine, env, verbosity,
        };
        registries.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var loggers = ConsoleLogging.Create(parsed.GetValue(verbosity));
            try
            {
                var logger = loggers.CreateLogger("kaniko");
                // The tool owns the folder, so it holds the lock that tells a later tool whether the run still lives.
                using var work = WorkFolder.CreateInTemp(WorkFolder.RunPrefix, logger);
                var arguments = parsed.GetValue(commandLine) ?? [];
                var request = new ContainerRunRequest
                {
                    Image = parsed.GetValue(image)!,
                    Command = arguments.Length == 0 ? null : arguments,
                    Environment = (parsed.GetValue(env) ?? []).Select(FromHostWhenBare).ToList(),
                    Registries = registries.Settings(parsed),
                    StandardOutput = Console.Out,
                    StandardError = Console.Error,
                    WorkDirectory = work.Path,
                };
                return await new ContainerRunner(logger).RunAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (KanikoException error)
            {
                loggers.Dispose();
                await Console.Error.WriteLineAsync($"error {error.Code}: {error.Message}").ConfigureAwait(false);
                return KanikoFailed;
            }
        });
        return command;
    }

    /// <summary><c>--secret id=ID,src=FILE</c> or <c>id=ID,env=VARIABLE</c> (BuildKit's form) as id to bytes.</summary>
    internal static Dictionary<string, byte[]> ParseSecrets(IEnumerable<string> values)
    {
        var secrets = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var fields = value.Split(',').Select(field => field.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : "", StringComparer.Ordinal);
            var id = fields.GetValueOrDefault("id");
            var file = fields.GetValueOrDefault("src") ?? fields.GetValueOrDefault("source");
            var variable = fields.GetValueOrDefault("env");
            if (string.IsNullOrEmpty(id) || (file is null) == (variable is null))
            {
                throw new KanikoException(SandboxErrorCode.InvalidSecret, $"--secret '{value}' is not id=ID,src=FILE or id=ID,env=VARIABLE.");
            }

            if (file is not null && !File.Exists(file))
            {
                throw new KanikoException(SandboxErrorCode.InvalidSecret, $"--secret {id}: the file {file} does not exist.");
            }

            secrets[id] = file is not null
                ? File.ReadAllBytes(file)
                : System.Text.Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable(variable!) ?? throw new KanikoException(SandboxErrorCode.InvalidSecret, $"--secret {id}: the environment variable {variable} is not set."));
        }

        return secrets;
    }

    private static string FromHostWhenBare(string entry) =>
        entry.Contains('=', StringComparison.Ordinal) ? entry : $"{entry}={Environment.GetEnvironmentVariable(entry)}";
}
