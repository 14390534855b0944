using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Application.Common;
using Portal.Application.Features.Protection.Policies;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Pages.Protection;

/// <summary>Make a protection policy, or see and change one: the schedule with its next runs in the chosen zone, how
/// long backups are kept, the target RPO, how volumes are protected, where backups go, what is left out, hooks; then
/// which tenants may use it, and retiring it. Bad input is said next to its field; the use case's answer as it is.</summary>
public partial class ProtectionPolicyPage
{
    [Parameter] public Guid? Id { get; set; }

    [Inject] private GetProtectionPolicy GetPolicy { get; set; } = default!;
    [Inject] private ListProtectionPolicies ListPolicies { get; set; } = default!;
    [Inject] private CreateProtectionPolicy CreatePolicy { get; set; } = default!;
    [Inject] private ChangeProtectionPolicy ChangePolicy { get; set; } = default!;
    [Inject] private RetireProtectionPolicy RetirePolicy { get; set; } = default!;
    [Inject] private Portal.Application.Features.Protection.Namespaces.ReapplyProtectionPolicy Reapply { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    /// <summary>How long the cron field waits after a keystroke before checking (tests set 0).</summary>
    [Parameter] public int DebounceMilliseconds { get; set; } = 400;

    private MudForm? _form;
    private IReadOnlyList<string> _locations = [];
    private Guid _version;

    internal ProtectionPolicyDetails? Details { get; private set; }
    internal ProtectionPolicyView? Policy => Details?.Policy;
    internal ProtectionPolicyForm Form { get; private set; } = new();
    internal Error? LoadError { get; private set; }
    internal Error? SubmitError { get; private set; }
    internal ProtectionPolicySaved? Saved { get; private set; }
    internal bool Loading { get; private set; } = true;
    internal bool Saving { get; private set; }
    internal bool MayManage { get; private set; }
    internal bool ReadOnly => !MayManage || Policy is { IsRetired: true };

    private string Title => Policy?.Name is { } name ? $"Protection policy {name}" : Id is null ? "New protection policy" : "Protection policy";

    private List<BreadcrumbItem> Crumbs =>
        [new("Protection policies", "/protection/policies"), new(Policy?.Name ?? (Id is null ? "New" : "Policy"), null, disabled: true)];

    internal string? LocationWarning => string.IsNullOrWhiteSpace(Form.StorageLocation) || _locations.Contains(Form.StorageLocation.Trim()) || ReadOnly ? null
        : $"No registered cluster reports a backup storage location named {Form.StorageLocation.Trim()}"
          + (_locations.Count == 0 ? "." : $" (they report {string.Join(", ", _locations)}).")
          + " You can still save it; schedules fail on a cluster until it has one.";

    protected override async Task OnParametersSetAsync()
    {
        Loading = true;
        if (Id is { } id)
        {
            var result = await GetPolicy.HandleAsync(new GetProtectionPolicyQuery(id));
            if (result.IsSuccess) Show(result.Value!);
            else LoadError = result.Error;
        }
        else
        {
            var list = await ListPolicies.HandleAsync(new ListProtectionPoliciesQuery());
            MayManage = list.Value?.CanManage == true;
            _locations = list.Value?.StorageLocations ?? [];
            LoadError = list.Error;
        }
        Loading = false;
    }

    private void Show(ProtectionPolicyDetails details)
    {
        Details = details;
        Form = ProtectionPolicyForm.Of(details.Policy);
        _version = details.Policy.Version;
        MayManage = details.CanManage;
        _locations = details.StorageLocations;
    }

    internal async Task ReloadAsync()
    {
        var result = await GetPolicy.HandleAsync(new GetProtectionPolicyQuery(Id!.Value));
        if (result.IsSuccess)
        {
            // Only the tenants changed: keep what is being typed in the form, and the version it was opened at (someone
            // else's change to the policy meanwhile must still refuse this edit).
            Details = result.Value!;
        }
        else LoadError = result.Error;
    }

    internal async Task SaveAsync()
    {
        if (Saving) return;
        Saving = true;
        SubmitError = null;
        Saved = null;
        try
        {
            if (_form is not null) await _form.ValidateAsync();
            if (Form.Problem() is { } problem)
            {
                SubmitError = Error.Validation(problem);
                return;
            }
            if (Id is { } id) await ChangeAsync(id);
            else await CreateAsync();
        }
        finally
        {
            Saving = false;
        }
    }

    private async Task CreateAsync()
    {
        var result = await CreatePolicy.HandleAsync(new CreateProtectionPolicyCommand(Form.Name?.Trim() ?? "", Form.Target, Form.ToInput()));
        if (!result.IsSuccess)
        {
            SubmitError = result.Error;
            return;
        }
        Snackbar.Add($"Policy {Form.Name?.Trim()} created. Let tenants use it below.", Severity.Success);
        foreach (var warning in result.Value!.Warnings) Snackbar.Add(warning, Severity.Warning);
        Navigation.NavigateTo($"/protection/policies/{result.Value.Id}");
    }

    private async Task ChangeAsync(Guid id)
    {
        var result = await ChangePolicy.HandleAsync(new ChangeProtectionPolicyCommand(id, _version, Form.ToInput()));
        if (!result.IsSuccess)
        {
            SubmitError = result.Error;
            return;
        }
        Saved = result.Value!;
        _version = Saved.Version;
        // The namespaces on the policy get its new settings through requests of their own (approval, timeline, audit).
        ReapplyMessage = null;
        if (Saved.Namespaces > 0)
        {
            var again = await Reapply.HandleAsync(new Portal.Application.Features.Protection.Namespaces.ReapplyProtectionPolicyCommand(id,
                $"Policy {Policy?.Name} changed"));
            ReapplyMessage = again.IsSuccess ? ReapplyNote(again.Value!.Submitted, again.Value.Skipped) : again.Error!.Message;
        }
        Snackbar.Add($"Policy {Policy?.Name} saved.", Severity.Success);
        await ReloadAsync();
    }

    /// <summary>What the re-apply after a change did, in words (null before a change with namespaces on the policy).</summary>
    internal string? ReapplyMessage { get; private set; }

    internal static string ReapplyNote(int submitted, IReadOnlyList<string> skipped) =>
        (submitted == 0 ? "No namespace's schedule was re-applied." : $"Re-applying the change to {submitted} protected namespace{(submitted == 1 ? "" : "s")}: "
            + "each has a request of its own, on the requests page.")
        + (skipped.Count == 0 ? "" : $" Not re-applied: {string.Join("; ", skipped)}.");

    private async Task RetireAsync()
    {
        var policy = Policy!;
        var message = $"Retire {policy.Name}? It takes no new namespaces or tenants and can no longer be changed."
            + (policy.Namespaces > 0 ? $"\n{policy.Namespaces} namespace{(policy.Namespaces == 1 ? " stays" : "s stay")} protected by it until moved to another policy." : "");
        if (!await ConfirmDialog.AskAsync(Dialogs, $"Retire {policy.Name}", message, "Retire", Color.Error, typeToConfirm: policy.Name)) return;
        SubmitError = null;
        Saved = null;
        var result = await RetirePolicy.HandleAsync(new RetireProtectionPolicyCommand(policy.Id, policy.Name));
        if (!result.IsSuccess)
        {
            SubmitError = result.Error;
            return;
        }
        Snackbar.Add($"Policy {policy.Name} retired.", Severity.Success);
        var reloaded = await GetPolicy.HandleAsync(new GetProtectionPolicyQuery(policy.Id));
        if (reloaded.IsSuccess) Show(reloaded.Value!);
    }

    private Task<IEnumerable<string>> SearchLocationsAsync(string? text, CancellationToken ct) =>
        Task.FromResult(string.IsNullOrWhiteSpace(text) ? _locations.AsEnumerable()
            : _locations.Where(l => l.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)));

    private static string Units(DurationUnit unit) => unit.ToString().ToLowerInvariant();

    private static string Capitalized(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
