namespace Portal.Application.Features.Requests.Submit;

/// <summary>Settings of request submission (configuration section "Requests").</summary>
public sealed class RequestSubmissionOptions
{
    public const string Section = "Requests";

    /// <summary>An ask identical to one submitted less than this long ago (same requester, kind, cluster, namespace,
    /// parameters and reason) is refused as already asked. Zero turns the check off.</summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromMinutes(2);
}
