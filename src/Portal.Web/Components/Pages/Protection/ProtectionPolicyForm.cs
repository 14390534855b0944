using Portal.Application.Features.Protection.Policies;
using Portal.Domain.Protection;

namespace Portal.Web.Components.Pages.Protection;

public enum DurationUnit { Minutes, Hours, Days }

/// <summary>The policy form's fields, as typed. Numbers the user typed badly are null (their field says why); nothing
/// is ever replaced by a default. <see cref="Problem"/> says what still stops a save; the use case checks the rest.</summary>
public sealed class ProtectionPolicyForm
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public ProtectionTarget Target { get; set; } = ProtectionTarget.Namespace;
    public string? Cron { get; set; } = "0 * * * *";
    public string? TimeZone { get; set; } = "Etc/UTC";
    public int? Retention { get; set; } = 7;
    public DurationUnit RetentionUnit { get; set; } = DurationUnit.Days;
    public int? Rpo { get; set; } = 2;
    public DurationUnit RpoUnit { get; set; } = DurationUnit.Hours;
    public VolumeProtection Volumes { get; set; } = VolumeProtection.CsiSnapshotsMovedToObjectStorage;
    public string? StorageLocation { get; set; }
    public IReadOnlyList<string> ExcludedResources { get; set; } = [];
    public List<HookForm> Hooks { get; set; } = [];
    /// <summary>Whether ready CSI snapshots of every claim count as a recovery point (off by default).</summary>
    public bool CountSnapshots { get; set; }

    public static ProtectionPolicyForm Of(ProtectionPolicyView p)
    {
        var (retention, retentionUnit) = Split(p.Retention);
        var (rpo, rpoUnit) = Split(p.TargetRpo);
        return new ProtectionPolicyForm
        {
            Name = p.Name, Description = p.Description, Target = p.Target, Cron = p.Cron, TimeZone = p.TimeZone,
            Retention = retention, RetentionUnit = retentionUnit, Rpo = rpo, RpoUnit = rpoUnit, Volumes = p.Volumes,
            StorageLocation = p.StorageLocation, ExcludedResources = p.ExcludedResources.ToList(), Hooks = p.Hooks.Select(HookForm.Of).ToList(),
            CountSnapshots = p.CountsSnapshots,
        };
    }

    /// <summary>What stops a save that the fields cannot say themselves; null when the use case can be asked.</summary>
    public string? Problem()
    {
        if (Retention is null) return "How long to keep backups is not a valid number: see the field.";
        if (Rpo is null) return "The target RPO is not a valid number: see the field.";
        for (var i = 0; i < Hooks.Count; i++)
            if (Hooks[i].Problem() is { } hook) return $"Hook {i + 1}: {hook}";
        return null;
    }

    public ProtectionPolicyInput ToInput() => new(Description, Cron ?? "", TimeZone ?? "", Of(Retention!.Value, RetentionUnit), Of(Rpo!.Value, RpoUnit),
        Target == ProtectionTarget.ClusterResources ? VolumeProtection.None : Volumes, StorageLocation, ExcludedResources,
        Target == ProtectionTarget.ClusterResources ? [] : Hooks.Select(h => h.ToHook()!).ToList(),
        Target == ProtectionTarget.Namespace && CountSnapshots);

    public static TimeSpan Of(int value, DurationUnit unit) => unit switch
    {
        DurationUnit.Minutes => TimeSpan.FromMinutes(value),
        DurationUnit.Hours => TimeSpan.FromHours(value),
        _ => TimeSpan.FromDays(value),
    };

    private static (int, DurationUnit) Split(TimeSpan t) =>
        t.Ticks % TimeSpan.TicksPerDay == 0 ? ((int)t.TotalDays, DurationUnit.Days)
        : t.Ticks % TimeSpan.TicksPerHour == 0 ? ((int)t.TotalHours, DurationUnit.Hours)
        : ((int)Math.Round(t.TotalMinutes), DurationUnit.Minutes);
}

/// <summary>One hook as typed: the command one argument per line, the time-out in seconds.</summary>
public sealed class HookForm
{
    public string? Name { get; set; }
    public HookPhase Phase { get; set; } = HookPhase.Pre;
    public string? PodSelector { get; set; }
    public string? Container { get; set; }
    public string? Command { get; set; }
    public HookOnError OnError { get; set; } = HookOnError.Fail;
    public int? TimeoutSeconds { get; set; } = 30;

    public static HookForm Of(BackupHook h) => new()
    {
        Name = h.Name, Phase = h.Phase, PodSelector = h.PodSelector, Container = h.Container, Command = string.Join("\n", h.Command),
        OnError = h.OnError, TimeoutSeconds = (int)h.Timeout.TotalSeconds,
    };

    /// <summary>The arguments, one per line; a blank line in the middle is kept so the rule can refuse it.</summary>
    public IReadOnlyList<string> Arguments() =>
        (Command ?? "").Replace("\r\n", "\n").TrimEnd('\n').Split('\n') is var lines && lines is [""] ? [] : lines;

    public BackupHook? ToHook() => TimeoutSeconds is { } seconds
        ? new BackupHook((Name ?? "").Trim(), Phase, string.IsNullOrWhiteSpace(PodSelector) ? null : PodSelector.Trim(),
            string.IsNullOrWhiteSpace(Container) ? null : Container.Trim(), Arguments(), OnError, TimeSpan.FromSeconds(seconds))
        : null;

    /// <summary>What is wrong with the hook, in the domain's words; null when it is fine.</summary>
    public string? Problem() => ToHook() is { } hook ? hook.Problem() : "the time-out is not a valid number of seconds: see the field.";
}
