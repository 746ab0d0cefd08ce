using System.Runtime.InteropServices;

namespace Kaniko.Tool;

/// <summary>
/// SIGTERM (a cancelled pipeline job, <c>docker stop</c>, <c>kill</c>) and SIGINT (Ctrl+C) cancel the
/// command's token instead of ending the process on the spot, so the engine kills the sandbox's
/// processes and removes its work folders before the tool exits. The exit code is then 128 + the
/// signal's number, what a shell reports for a process the signal ended. A second signal ends the
/// process at once, for a clean-up that hangs.
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    public const int InterruptedExitCode = 130;
    public const int TerminatedExitCode = 143;

    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration _terminate;
    private readonly PosixSignalRegistration _interrupt;
    private int _exitCode;

    public TerminationSignals()
    {
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
    }

    public CancellationToken Token => _stop.Token;

    /// <summary>143 after SIGTERM, 130 after SIGINT; null while no signal came.</summary>
    public int? ExitCode => Volatile.Read(ref _exitCode) is var code and not 0 ? code : null;

    public void Dispose()
    {
        _terminate.Dispose();
        _interrupt.Dispose();
        _stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        var code = context.Signal == PosixSignal.SIGINT ? InterruptedExitCode : TerminatedExitCode;
        if (Interlocked.CompareExchange(ref _exitCode, code, 0) != 0)
        {
            // The second signal: leaving Cancel false lets the runtime end the process as the signal would.
            return;
        }

        context.Cancel = true;
        try
        {
            _stop.Cancel();
        }
        catch (AggregateException)
        {
            // A registration failed to stop its work; the command's own error handling reports what it left.
        }
    }
}
