namespace Opbx.Asterisk.Live;

/// <summary>
/// A call up in Asterisk now: the channels that share one LinkedId (the caller's leg and the legs it dialled), attributed
/// to the organization whose account code its channels carry (the dialplan's admit step and each phone's endpoint set it).
/// </summary>
public sealed record LiveCall(string LinkedId, string AccountCode, string From, string To, TimeSpan Duration, int Channels);
