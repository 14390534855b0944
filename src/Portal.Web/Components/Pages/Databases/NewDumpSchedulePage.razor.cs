using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Application.Common;
using Portal.Application.Features.Databases;
using Portal.Application.Features.Databases.Schedules;
using Portal.Domain.Databases;
using Portal.Web.Components.Pages.Databases.Schedules;

namespace Portal.Web.Components.Pages.Databases;

/// <summary>The schedule form: method, engine options, destination, cron with a live preview, retention and client
/// version. Obvious mistakes are caught as the user types; the use case's answer is shown as it is.</summary>
public partial class NewDumpSchedulePage
{
    [Parameter] public Guid Id { get; set; }

    [Inject] private GetDatabaseDetails GetDetails { get; set; } = default!;
    [Inject] private CreateDumpSchedule CreateSchedule { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private MudForm? _form;

    internal DatabaseView? Database { get; private set; }
    internal DumpScheduleForm Form { get; private set; } = new();
    internal Error? LoadError { get; private set; }
    internal Error? SubmitError { get; private set; }
    internal bool Loading { get; private set; } = true;
    internal bool Submitting { get; private set; }

    /// <summary>Only a database registered from a CloudNativePG Cluster can be backed up by the operator.</summary>
    internal bool OffersOperator => Database is { Source: DatabaseSource.CloudNativePgCluster, Engine: DatabaseEngine.PostgreSql, SourceObject: not null };

    internal List<BreadcrumbItem> Crumbs => Database is null ? [new("Databases", "/databases")]
        : [new("Databases", "/databases"), new(Database.Name, $"/databases/{Id}"), new("Schedule dumps", null, disabled: true)];

    internal string ClientHelp => Database?.ServerMajorVersion is { } major
        ? $"The server runs {EngineMapping.ServerVersionText(Database.Engine, major)}. The dump client must be as new or newer: an older client is refused."
        : "The server's version is unknown: give the client version, at least the server's. An older client is refused.";

    /// <summary>False: the page says whom to ask instead of a form every submit of which would be refused.</summary>
    internal bool MayManage { get; private set; }

    protected override async Task OnInitializedAsync()
    {
        var result = await GetDetails.HandleAsync(new GetDatabaseDetailsQuery(Id, RecentDumps: 1));
        if (result.IsSuccess)
        {
            Database = result.Value!.Database;
            Form = DumpScheduleForm.For(Database);
            MayManage = result.Value.CanManage;
        }
        else LoadError = result.Error;
        Loading = false;
    }

    internal async Task SubmitAsync()
    {
        // Disabled at once, before anything is awaited: a second click finds it busy and does nothing.
        if (Submitting) return;
        Submitting = true;
        SubmitError = null;
        try
        {
            if (_form is not null) await _form.ValidateAsync();
            if (Form.Problem(Database!.Engine) is { } problem)
            {
                SubmitError = Error.Validation(problem);
                return;
            }
            var result = await CreateSchedule.HandleAsync(Form.ToCommand(Id, Database.Engine));
            if (result.IsSuccess)
            {
                Snackbar.Add($"Schedule {Form.Name?.Trim()} created; the portal is writing it to the cluster.", Severity.Success);
                Navigation.NavigateTo($"/databases/{Id}");
            }
            else SubmitError = result.Error;
        }
        finally
        {
            Submitting = false;
        }
    }
}
