using Kaniko.Engine;
using Kaniko.Engine.Dockerfiles;
using Microsoft.Build.Utilities;

namespace Kaniko.Tasks;

/// <summary>
/// Runs a task's work and turns the engine's typed errors into one coded MSBuild error each (with the
/// Dockerfile's file and line where there is one), never a stack trace.
/// </summary>
internal static class TaskErrors
{
    public static bool Report(TaskLoggingHelper log, string work, Func<bool> body, CancellationToken cancellation)
    {
        try
        {
            return body();
        }
        catch (DockerfileException error)
        {
            log.LogError(null, error.Code, null, error.Location.File, error.Location.Line, error.Location.Column, 0, 0, "{0}", error.Message);
            return false;
        }
        catch (KanikoException error)
        {
            log.LogError(null, error.Code, null, null, 0, 0, 0, 0, "{0}", error.Message);
            return false;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            log.LogError("{0} was cancelled.", work);
            return false;
        }
    }
}
