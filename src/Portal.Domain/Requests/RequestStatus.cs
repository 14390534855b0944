namespace Portal.Domain.Requests;

/// <summary>PRODUCT.md, "How a request lives". Stored as strings.</summary>
public enum RequestStatus
{
    Draft,
    PendingApproval,
    Approved,
    Queued,
    Running,
    Succeeded,
    PartiallyFailed,
    Failed,
    Rejected,
    Cancelled,
}

public static class RequestStatusExtensions
{
    public static bool IsTerminal(this RequestStatus s) =>
        s is RequestStatus.Succeeded or RequestStatus.PartiallyFailed or RequestStatus.Failed
            or RequestStatus.Rejected or RequestStatus.Cancelled;
}

public enum RequestKind
{
    NamespaceBackup,
    NamespaceRestore,
}

public static class RequestKindNames
{
    public static string Display(this RequestKind kind) => kind switch
    {
        RequestKind.NamespaceBackup => "Namespace backup",
        RequestKind.NamespaceRestore => "Namespace restore",
        _ => kind.ToString(),
    };
}
