using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace Proxy.Tests.Http.Codec.Http2;

/// <summary>
/// A connection over two in-memory pipes that behaves like a socket transport where the server can see it:
/// aborting ends what the server reads (with the abort's exception), disposing completes both directions, so
/// the client sees the connection end. DefaultConnectionContext alone does neither.
/// </summary>
internal sealed class TestConnectionContext(IDuplexPipe transport, IDuplexPipe application)
    : DefaultConnectionContext("h2-test", transport, application)
{
    public TaskCompletionSource<ConnectionAbortedException> Aborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Disposed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Abort(ConnectionAbortedException abortReason)
    {
        if (Aborted.TrySetResult(abortReason))
        {
            // The socket is gone: the server's pending read fails, as the socket transport's does.
            Application!.Output.Complete(abortReason);
        }
    }

    public override ValueTask DisposeAsync()
    {
        Transport!.Input.Complete();
        Transport.Output.Complete();
        Disposed.TrySetResult();
        return ValueTask.CompletedTask;
    }
}
