namespace Opbx.Asterisk.Ami;

/// <summary>Asterisk answered an action with an error (e.g. "No such module", "Permission denied", a CLI command's complaint).</summary>
public sealed class AmiActionException(string action, AmiMessage response) : AmiException($"Asterisk refused {action}: {Reason(response)}")
{
    public string Action { get; } = action;
    public AmiMessage Response { get; } = response;

    /// <summary>
    /// Asterisk does not know the action at all: the module that provides it is not loaded, which is what a just-started
    /// Asterisk answers while it still loads its modules (AMI listens before e.g. app_voicemail is in).
    /// </summary>
    public bool UnknownAction => Response.Message?.StartsWith("Invalid/unknown command", StringComparison.Ordinal) == true;

    private static string Reason(AmiMessage response)
    {
        var output = response.All("Output");
        var message = response.Message ?? response.Response ?? "no reason given";
        return output.Count == 0 ? message : $"{message}: {string.Join(" / ", output)}";
    }
}
