namespace Portal.Application.Abstractions;

/// <summary>Tells open pages that a database's dumps changed (a scheduled run was recorded, a dump finished), so
/// they re-read it without a reload. Scheduled runs belong to no request, so <see cref="IRequestStatusNotifier"/>
/// cannot carry them.</summary>
public interface IDatabaseActivityNotifier
{
    Task NotifyAsync(Guid tenantId, Guid databaseId);

    /// <summary>Dispose the subscription to stop listening. The callback gets the tenant and the database.</summary>
    IDisposable Subscribe(Func<Guid, Guid, Task> onChanged);
}
