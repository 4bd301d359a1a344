namespace Opbx.Tests.Browser;

/// <summary>
/// Base of every browser test: when the test ends, the pages it opened must not have had a Content-Security-Policy violation,
/// a console error it did not announce, or an uncaught script error; otherwise the test fails with the list.
/// Browser tests take turns, across test collections too: each one closes the pages open when it starts and ends, which
/// closed the pages of a browser test running at the same time in another collection (the Asterisk one beside the app's).
/// </summary>
public abstract class BrowserTest : IAsyncLifetime
{
    private static readonly SemaphoreSlim Turn = new(1, 1);

    /// <summary>Pages still open from an earlier test are that test's: closed here, so their late errors are not blamed on this one.</summary>
    public async Task InitializeAsync()
    {
        await Turn.WaitAsync();
        try
        {
            await Chromium.TakeProblemsAsync();
        }
        catch
        {
            Turn.Release();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        try
        {
            var problems = await Chromium.TakeProblemsAsync();
            Assert.True(problems.Count == 0, "The browser reported:\n" + string.Join("\n", problems));
        }
        finally
        {
            Turn.Release();
        }
    }
}
