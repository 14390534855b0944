using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Application.Common;
using Portal.Application.Features.Databases;
using Portal.Application.Features.Databases.Restores;
using Portal.Domain.Requests;

namespace Portal.Web.Components.Pages.Databases.Details;

public partial class RestoreDumpDialog
{
    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;
    [Inject] private RestoreDump Restore { get; set; } = default!;

    [Parameter, EditorRequired] public DumpArtifactView Artifact { get; set; } = default!;
    [Parameter, EditorRequired] public DatabaseView Database { get; set; } = default!;
    /// <summary>The database the dump was taken of (null for pg_dumpall globals, which are not restored here).</summary>
    [Parameter] public string? DumpedDatabaseName { get; set; }
    [Parameter] public IReadOnlyList<RestoreTargetOption> Targets { get; set; } = [];
    /// <summary>Who must approve an overwrite under the tenant's policy (e.g. "SRE / DR engineer"); null when none.</summary>
    [Parameter] public string? OverwriteApprover { get; set; }

    internal RestoreTarget Target { get; private set; } = RestoreTarget.NewDatabase;
    internal string? NewName { get; set; }
    internal Guid? OtherServerId { get; set; }
    internal string? OtherName { get; set; }
    internal string? Confirmation { get; set; }
    internal bool Verify { get; set; } = true;
    internal string? Reason { get; set; }
    internal Error? Error { get; private set; }
    internal bool Busy { get; private set; }

    internal RestoreTargetOption? OtherServer => Targets.FirstOrDefault(t => t.DatabaseId == OtherServerId);

    internal string TargetName => (Target switch
    {
        RestoreTarget.SameDatabase => DumpedDatabaseName,
        RestoreTarget.NewDatabase => NewName,
        _ => OtherName,
    } ?? "").Trim();

    internal string TargetServerName => Target == RestoreTarget.OtherDatabase ? OtherServer?.Name ?? "the other server" : Database.Name;

    /// <summary>The use case decides the same way: the database it names exists on the target server.</summary>
    internal bool Overwrites => Target == RestoreTarget.SameDatabase
        || (Target == RestoreTarget.OtherDatabase && OtherServer is { } s && s.DatabaseNames.Contains(TargetName));

    internal bool Confirmed => !Overwrites || (Confirmation ?? "").Trim() == TargetName;

    protected override void OnInitialized() => NewName = SuggestName(DumpedDatabaseName ?? Database.DatabaseNames.FirstOrDefault() ?? "restored");

    internal static string SuggestName(string source)
    {
        var name = $"{source}_restored";
        return name.Length <= 63 ? name : name[..63];
    }

    private void OnTargetChanged(RestoreTarget target)
    {
        Target = target;
        Confirmation = null;
        Error = null;
    }

    internal async Task SubmitAsync()
    {
        if (Busy) return; // a second click while the first is on its way does nothing
        Busy = true;
        Error = null;
        var result = await Restore.HandleAsync(new RestoreDumpCommand(Artifact.Id, Target,
            Target == RestoreTarget.OtherDatabase ? OtherServerId : null,
            Target == RestoreTarget.SameDatabase ? null : TargetName,
            Overwrites ? Confirmation : null, Verify, string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim()));
        Busy = false;
        if (result.IsSuccess) Dialog.Close(DialogResult.Ok(result.Value));
        else Error = result.Error;
    }

    /// <summary>The restore request's id, or null when the user went back.</summary>
    public static async Task<Guid?> AskAsync(IDialogService dialogs, DumpArtifactView artifact, DatabaseView database, string? dumpedDatabase,
        IReadOnlyList<RestoreTargetOption> targets, string? overwriteApprover = null)
    {
        var parameters = new DialogParameters<RestoreDumpDialog>
        {
            { x => x.Artifact, artifact }, { x => x.Database, database }, { x => x.DumpedDatabaseName, dumpedDatabase }, { x => x.Targets, targets },
            { x => x.OverwriteApprover, overwriteApprover },
        };
        var dialog = await dialogs.ShowAsync<RestoreDumpDialog>($"Restore a dump of {database.Name}", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: Guid id } ? id : null;
    }
}
