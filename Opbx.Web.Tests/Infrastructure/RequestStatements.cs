using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Opbx.Tests.Infrastructure;

/// <summary>
/// The SQL statements one request to the test app ran, and how many times each called Read (rows, plus one at the end). The request carries its own trace id
/// (a <c>traceparent</c> header); ASP.NET Core makes it the request's activity, and EF Core's diagnostic events are taken
/// only when they happen inside that activity, so the app's background jobs and other tests' requests are not counted.
/// </summary>
public sealed class RequestStatements : IDisposable, IObserver<DiagnosticListener>
{
    public sealed record Statement(string Sql, int Rows);

    private readonly ActivityTraceId _trace = ActivityTraceId.CreateRandom();
    private readonly List<IDisposable> _subscriptions = [];
    private readonly List<Statement> _statements = [];
    private readonly IDisposable _all;

    public RequestStatements() => _all = DiagnosticListener.AllListeners.Subscribe(this);

    public IReadOnlyList<Statement> Statements
    {
        get { lock (_statements) return _statements.ToList(); }
    }

    /// <summary>GET <paramref name="path"/> in <paramref name="session"/>, recording its statements (cleared first).</summary>
    public async Task<HttpResponseMessage> GetAsync(WebSession session, string path)
    {
        lock (_statements) _statements.Clear();
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("traceparent", $"00-{_trace}-{ActivitySpanId.CreateRandom()}-01");
        return await session.SendAsync(request);
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        switch (listener.Name)
        {
            // Any subscriber with this event enabled makes ASP.NET Core start an activity per request, parented by traceparent.
            case "Microsoft.AspNetCore":
                lock (_subscriptions) _subscriptions.Add(listener.Subscribe(new Events(_ => { }), name => name == "Microsoft.AspNetCore.Hosting.HttpRequestIn"));
                break;
            case "Microsoft.EntityFrameworkCore":
                lock (_subscriptions) _subscriptions.Add(listener.Subscribe(new Events(Record), name => name == RelationalEventId.DataReaderDisposing.Name
                    || name == RelationalEventId.CommandExecuted.Name));
                break;
        }
    }

    private void Record(KeyValuePair<string, object?> e)
    {
        if (Activity.Current?.TraceId != _trace) return;
        // A reader's statement is recorded when it is disposed (with its row count); a statement without a reader (a scalar) when executed.
        var statement = e.Value switch
        {
            DataReaderDisposingEventData reader => new Statement(reader.Command.CommandText, reader.ReadCount),
            CommandExecutedEventData executed when executed.Result is not System.Data.Common.DbDataReader => new Statement(executed.Command.CommandText, 1),
            _ => null,
        };
        if (statement is not null) lock (_statements) _statements.Add(statement);
    }

    void IObserver<DiagnosticListener>.OnCompleted() { }
    void IObserver<DiagnosticListener>.OnError(Exception error) { }

    public void Dispose()
    {
        _all.Dispose();
        lock (_subscriptions) foreach (var s in _subscriptions) s.Dispose();
    }

    private sealed class Events(Action<KeyValuePair<string, object?>> on) : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> value) => on(value);
        public void OnCompleted() { }
        public void OnError(Exception error) { }
    }
}
