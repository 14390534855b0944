namespace Portal.Application.Common;

/// <summary>How much text each free-text field takes, stated once: the forms show the limit with a counter and the
/// use cases refuse more in words. Nothing longer is ever cut short silently. The web host's SignalR limit
/// (<see cref="MaxCircuitMessageBytes"/>) is sized so that the largest typed field always arrives whole.</summary>
public static class InputLimits
{
    /// <summary>A request's reason, an approval's comment, a plan's description, a rollback's reason.</summary>
    public const int Reason = 2000;

    /// <summary>A kubeconfig pasted into the text box.</summary>
    public const int KubeconfigPasted = 64 * 1024;

    /// <summary>A kubeconfig uploaded as a file (streamed in chunks, not sent as one message).</summary>
    public const int KubeconfigFileBytes = 512 * 1024;

    /// <summary>The most one message from the browser may carry: the pasted kubeconfig, JSON-escaped, with room to spare.</summary>
    public const long MaxCircuitMessageBytes = 256 * 1024;

    /// <summary>Null when <paramref name="text"/> fits in <paramref name="max"/> characters, else why not, in words.</summary>
    public static string? ExplainTooLong(string? text, int max, string what) =>
        text is { Length: var n } && n > max
            ? $"The {what} is {n} characters long; at most {max} are allowed. Shorten it (nothing was cut for you)."
            : null;
}
