using BenchmarkDotNet.Running;
using Kaniko.Benchmarks;

// "write-layer" and "extract-layer" run one operation for bench/layers.sh, "push-layout" and
// "pull-image" one for bench/registry.sh; anything else is BenchmarkDotNet.
return args.FirstOrDefault() switch
{
    "write-layer" => await LayerCommands.WriteAsync(args[1..]),
    "extract-layer" => await LayerCommands.ExtractAsync(args[1..]),
    "push-layout" => await RegistryCommands.PushAsync(args[1..]),
    "pull-image" => await RegistryCommands.PullAsync(args[1..]),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
