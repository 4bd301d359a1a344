namespace Opbx.Asterisk.Ami;

/// <summary>Asterisk answered an action with an error (e.g. "No such module", "Permission denied", a CLI command's complaint).</summary>
public sealed class AmiActionException(string action, AmiMessage response) : AmiException($"Asterisk refused {action}: {Reason(response)}")
{
    public string Action { get; } = action;
    public AmiMessage Response { get; } = response;

    private static string Reason(AmiMessage response)
    {
        var output = response.All("Output");
        var message = response.Message ?? response.Response ?? "no reason given";
        return output.Count == 0 ? message : $"{message}: {string.Join(" / ", output)}";
    }
}
