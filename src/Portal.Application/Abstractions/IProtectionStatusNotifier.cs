using Portal.Application.Common;

namespace Portal.Application.Abstractions;

/// <summary>Tells open pages (on every replica) that the protection status of namespaces changed, so the compliance
/// view and a namespace's page re-read without a reload. Scheduled backups belong to no request, so
/// <see cref="IRequestStatusNotifier"/> cannot carry them.</summary>
public interface IProtectionStatusNotifier
{
    /// <summary>Returns at once: pages re-read on their own time, never the caller's.</summary>
    void Notify(ProtectionChange change);

    /// <summary>Calls <paramref name="onChanged"/> (once per burst) after changes <paramref name="wants"/> matches (it
    /// runs on the publisher's thread: look only at the change). Dispose the subscription to stop listening.</summary>
    IDisposable Subscribe(Func<ProtectionChange, bool> wants, Func<Task> onChanged);
}
