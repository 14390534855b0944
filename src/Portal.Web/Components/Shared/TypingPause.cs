namespace Portal.Web.Components.Shared;

/// <summary>
/// Runs work (a read, a check) once typing has paused; every keystroke starts the wait again. <see cref="Restart"/> returns at
/// once, so the field's value and its validation message are there on the keystroke itself: a handler that awaited the pause
/// held MudBlazor's validation back until after it, and a Submit clicked in between saw no message.
/// </summary>
internal sealed class TypingPause(TimeSpan length) : IDisposable
{
    private CancellationTokenSource? _current;

    /// <summary>
    /// Cancels the wait of the previous keystroke and starts a new one. <paramref name="work"/> gets a token that is cancelled
    /// by the next keystroke: it runs on the component's dispatcher (through <c>InvokeAsync</c>) and checks it there first.
    /// </summary>
    public void Restart(Func<CancellationToken, Task> work, Action<Exception> failed)
    {
        _current?.Cancel();
        var pause = _current = new CancellationTokenSource();
        _ = RunAsync(pause.Token);

        async Task RunAsync(CancellationToken ct)
        {
            try
            {
                if (length > TimeSpan.Zero) await Task.Delay(length, ct);
                await work(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // typed again: that keystroke's work runs instead
            }
            catch (Exception ex)
            {
                failed(ex);
            }
        }
    }

    /// <summary>The work waiting for the pause is not needed any more (it was done at once, on Enter).</summary>
    public void Cancel() => _current?.Cancel();

    public void Dispose() => _current?.Cancel();
}
