namespace Opbx.Tests.Browser;

/// <summary>
/// Base of every browser test: when the test ends, the pages it opened must not have had a Content-Security-Policy violation,
/// a console error it did not announce, or an uncaught script error; otherwise the test fails with the list.
/// </summary>
public abstract class BrowserTest : IAsyncLifetime
{
    /// <summary>Pages still open from an earlier test are that test's: closed here, so their late errors are not blamed on this one.</summary>
    public async Task InitializeAsync() => await Chromium.TakeProblemsAsync();

    public async Task DisposeAsync()
    {
        var problems = await Chromium.TakeProblemsAsync();
        Assert.True(problems.Count == 0, "The browser reported:\n" + string.Join("\n", problems));
    }
}
