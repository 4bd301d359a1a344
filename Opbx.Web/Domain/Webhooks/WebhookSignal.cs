namespace Opbx.Domain.Webhooks;

/// <summary>Wakes the webhook dispatcher when there is something to send now (a deploy finished, a resend), instead of at its next poll.</summary>
public sealed class WebhookSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken: one wake-up covers everything queued so far.
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _wake.WaitAsync(timeout, ct);
}
