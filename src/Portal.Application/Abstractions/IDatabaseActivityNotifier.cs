using Portal.Application.Common;

namespace Portal.Application.Abstractions;

/// <summary>Tells open pages that a database's dumps changed (a scheduled run was recorded, a dump finished), so
/// they re-read it without a reload. Scheduled runs belong to no request, so <see cref="IRequestStatusNotifier"/>
/// cannot carry them.</summary>
public interface IDatabaseActivityNotifier
{
    /// <summary>Returns at once: pages re-read on their own time, never the caller's.</summary>
    void Notify(DatabaseActivityChange change);

    /// <summary>Calls <paramref name="onChanged"/> (once per burst) after changes of this database. Dispose the
    /// subscription to stop listening.</summary>
    IDisposable Subscribe(Guid databaseId, Func<Task> onChanged);
}
