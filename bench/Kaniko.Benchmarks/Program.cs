using BenchmarkDotNet.Running;
using Kaniko.Benchmarks;

// "write-layer" and "extract-layer" run one operation for bench/layers.sh; anything else is BenchmarkDotNet.
return args.FirstOrDefault() switch
{
    "write-layer" => await LayerCommands.WriteAsync(args[1..]),
    "extract-layer" => await LayerCommands.ExtractAsync(args[1..]),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
