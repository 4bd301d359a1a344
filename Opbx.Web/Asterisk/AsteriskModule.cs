namespace Opbx.Asterisk;

/// <summary>The Asterisk module that reads a generated file, i.e. what must be reloaded when it changes.</summary>
public enum AsteriskModule { Pjsip, Dialplan, Queues, Voicemail, Cdr }
