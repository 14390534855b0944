using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Auditing;

namespace Portal.Application.Common;

/// <summary>What nearly every use case needs, injected as one object to keep constructors short.</summary>
public sealed class UseCaseServices(IPortalDbContextFactory factory, IAccessContextProvider access, TimeProvider time, IRequestStatusNotifier notifier,
    Features.Requests.Submit.RequestSubmissionOptions submission)
{
    public Features.Requests.Submit.RequestSubmissionOptions Submission { get; } = submission;
    public IPortalDbContextFactory Factory { get; } = factory;
    public TimeProvider Time { get; } = time;
    public IRequestStatusNotifier Notifier { get; } = notifier;

    public Task<AccessContext> AccessAsync(CancellationToken ct) => access.GetAsync(ct);

    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>A context limited to what the caller may see.</summary>
    public Task<IPortalDbContext> OpenAsync(AccessContext caller, CancellationToken ct) => Factory.CreateAsync(caller.Scope, ct);
}

public static class AuditExtensions
{
    /// <summary>Adds an audit event to the same unit of work as the change it records, so both are saved or neither.</summary>
    public static void Audit(this IPortalDbContext db, AccessContext caller, DateTimeOffset at, string action, string targetType,
        string targetId, string summary, Guid? tenantId = null) =>
        db.AuditEvents.Add(new AuditEvent(at, caller.Principal.DisplayName, action, targetType, targetId, summary, tenantId,
            caller.IsSystem || caller.Principal.UserId.Length == 0 ? null : caller.Principal.UserId, caller.Principal.SourceAddress));

    /// <summary>As above, recorded under <paramref name="actor"/>'s name.</summary>
    public static void Audit(this IPortalDbContext db, string actor, DateTimeOffset at, string action, string targetType,
        string targetId, string summary, Guid? tenantId = null) =>
        db.AuditEvents.Add(new AuditEvent(at, actor, action, targetType, targetId, summary, tenantId));
}
