using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain;
using Opbx.Domain.Pbx;
using Opbx.Web;

namespace Opbx.Pages.Org.Queues;

[OrgAccess(OrgAccess.Admin)]
public sealed class EditModel(QueueService queues, PbxChoices choices, OrgContext org) : PageModel, IReloadablePage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public QueueInput Input { get; set; } = new();
    [BindProperty] public List<string?> MemberIds { get; set; } = [];
    [BindProperty] public string? Fallback { get; set; }
    public QueueRow Queue { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        await ReloadAsync();
        Input = new QueueInput { Number = Queue.Number, Name = Queue.Name, Strategy = Names.Of(Queue.Strategy), MemberTimeoutSeconds = Queue.MemberTimeoutSeconds, MaxWaitSeconds = Queue.MaxWaitSeconds };
        MemberIds = (await choices.MemberTextsAsync(Queue.MemberIds, HttpContext.RequestAborted)).ToList();
        Fallback = await choices.DestinationTextAsync(Queue.Fallback, HttpContext.RequestAborted);
    }

    public async Task ReloadAsync()
    {
        Queue = await queues.GetAsync(Id, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostSaveAsync()
    {
        Input.MemberIds = await choices.MemberIdsAsync(MemberIds, nameof(MemberIds), HttpContext.RequestAborted);
        Input.Fallback = await choices.DestinationAsync(Fallback, nameof(Fallback), HttpContext.RequestAborted);
        await queues.UpdateAsync(org.Actor, Id, Input, HttpContext.RequestAborted);
        TempData.Success("Saved; the change is being deployed.");
        return Redirect(org.Path($"/Queues/{Id}"));
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        var queue = await queues.GetAsync(Id, HttpContext.RequestAborted);
        var cleared = await queues.DeleteAsync(org.Actor, Id, HttpContext.RequestAborted);
        TempData.Success(cleared.Count == 0 ? $"Deleted queue {queue.Number}."
            : $"Deleted queue {queue.Number}; {string.Join(", ", cleared)} now hang up.");
        return Redirect(org.Path("/Queues"));
    }
}
