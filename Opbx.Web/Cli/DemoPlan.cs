using Opbx.Domain;

namespace Opbx.Cli;

/// <summary>
/// What <c>seed-demo</c> builds: the provider's platform manager and carrier, and three customers (a hotel, a clinic, a law
/// firm) with their people and phone systems. Names are invented; addresses are under example.com (RFC 2606) and numbers in
/// the 555-01xx range, which is reserved for fiction, so nothing here reaches a real person or line.
/// </summary>
internal static class DemoPlan
{
    /// <summary>What happens to a person after they are added.</summary>
    public enum Fate { Active, Invited, Deactivated, Leaving, Promoted }

    public sealed record Person(string Name, string Role, string? Extension, Fate Fate = Fate.Active, double? InvitedDaysAgo = null)
    {
        public string Email(string domain) =>
            string.Join('.', Name.Replace("Dr. ", "", StringComparison.Ordinal).ToLowerInvariant()
                .Replace("'", "", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries)) + "@" + domain;
    }

    /// <summary>A ring group or queue; <paramref name="LaterJoins"/> is an extension added to it weeks after it was set up.</summary>
    public sealed record Group(string Number, string Name, string Strategy, string[] Members, string? VoicemailOf = null, string? LaterJoins = null);

    public sealed record Number(string E164, string RingsAt);

    public sealed record Route(string Name, (string Pattern, int Strip)[] Patterns);

    public sealed record Customer(
        string Name, Industry Industry, string Domain, string Phone, double CreatedDaysAgo,
        Person[] Owners, Person Admin, Person[] People, (string Number, string Name)[] SharedPhones,
        Group[] RingGroups, Group[] Queues, (string Name, string Host)? Trunk, Number[] OwnNumbers, Number[] ProviderNumbers, Route[] Routes);

    public const string ProviderDomain = "provider.example.com";
    public static readonly Person Manager = new("Morgan Reyes", "platform_manager", null);
    public const string SharedTrunkHost = "sip.carrier.example.net";
    public static readonly string[] Inventory = ["+12125550140", "+12125550141", "+12125550142", "+12125550143", "+12125550144", "+12125550145"];

    public static readonly Customer[] Customers =
    [
        new("Harbour View Hotel", Industry.Hotel, "harbourview.example.com", "+12025550100", 41,
            Owners: [new("Sofia Marquez", "owner", "100")],
            Admin: new("Tomasz Nowak", "pbx_admin", "190"),
            People:
            [
                new("Liam O'Connor", "pbx_user", "101"),
                new("Aiko Tanaka", "pbx_user", "102"),
                new("Mateo Rossi", "pbx_user", "103"),
                new("Fatima Haddad", "pbx_user", "110"),
                new("Noah Fischer", "pbx_user", "120"),
                new("Chloe Dubois", "pbx_user", "104"),
                new("Grace Okonkwo", "reporter", null),
                new("Ethan Brooks", "pbx_user", "105", Fate.Deactivated),
                new("Isabela Costa", "pbx_user", "106", Fate.Invited, InvitedDaysAgo: 2),
            ],
            SharedPhones: [("150", "Lobby courtesy phone"), ("160", "Pool bar"), ("170", "Room service")],
            RingGroups: [new("600", "Front desk", "simultaneous", ["101", "102", "103"], VoicemailOf: "101")],
            Queues: [new("700", "Reservations", "rrmemory", ["102", "104"], VoicemailOf: "100", LaterJoins: "101")],
            Trunk: ("Harbour Telecom", "sip.harbour-telecom.example.net"),
            OwnNumbers: [new("+12025550101", "Front desk"), new("+12025550102", "Reservations")],
            ProviderNumbers: [],
            Routes: [new("Outside line (dial 9)", [("_9NXXNXXXXXX", 1), ("_91NXXNXXXXXX", 1)])]),

        new("Riverside Family Clinic", Industry.Hospital, "riversideclinic.example.com", "+13125550100", 33,
            Owners: [new("Dr. Amara Nwosu", "owner", "200")],
            Admin: new("Daniel Kim", "pbx_admin", "290"),
            People:
            [
                new("Lucia Fernandez", "pbx_user", "201"),
                new("Omar Siddiqui", "pbx_user", "202", Fate.Promoted),
                new("Priya Sharma", "pbx_user", "210"),
                new("James Whitaker", "pbx_user", "211"),
                new("Dr. Elena Petrova", "pbx_user", "220"),
                new("Dr. Samuel Adeyemi", "pbx_user", "221"),
                new("Helen Park", "reporter", null),
                new("Marco Bianchi", "pbx_user", "212", Fate.Leaving),
                new("Yuki Sato", "pbx_user", "213", Fate.Invited),
                new("Ben Carter", "reporter", null, Fate.Invited, InvitedDaysAgo: 1),
            ],
            SharedPhones: [("250", "Waiting room phone"), ("251", "Lab")],
            RingGroups: [new("500", "Reception", "sequential", ["201", "202"], VoicemailOf: "201")],
            Queues:
            [
                new("510", "Appointments", "leastrecent", ["201", "251"], VoicemailOf: "201", LaterJoins: "202"),
                new("520", "Nurse line", "ringall", ["210", "211"], VoicemailOf: "210"),
            ],
            Trunk: ("Lakeshore Voice", "sip.lakeshore-voice.example.net"),
            OwnNumbers: [new("+13125550101", "Reception"), new("+13125550102", "Appointments"), new("+13125550103", "Nurse line")],
            ProviderNumbers: [],
            Routes: [new("Domestic", [("_NXXNXXXXXX", 0), ("_1NXXNXXXXXX", 0)])]),

        new("Marsh & Whitfield LLP", Industry.General, "marshwhitfield.example.com", "+12125550100", 24,
            Owners: [new("Eleanor Marsh", "owner", "300"), new("David Whitfield", "owner", "301")],
            Admin: new("Nadia Rahman", "pbx_admin", "390"),
            People:
            [
                new("Olivia Bennett", "pbx_user", "310"),
                new("Hugo Laurent", "pbx_user", "311"),
                new("Sara Johansson", "pbx_user", "312"),
                new("Kwame Mensah", "pbx_user", "313"),
                new("Peter Lindqvist", "reporter", null),
                new("Thomas Reid", "pbx_user", "314", Fate.Deactivated),
                new("Aisha Bello", "pbx_user", "315", Fate.Invited, InvitedDaysAgo: 3),
            ],
            SharedPhones: [("350", "Boardroom")],
            RingGroups: [new("600", "Partners", "simultaneous", ["300", "301"], VoicemailOf: "300")],
            Queues: [new("700", "New clients", "linear", ["310", "311"], VoicemailOf: "310", LaterJoins: "312")],
            Trunk: null,
            OwnNumbers: [],
            ProviderNumbers: [new("+12125550140", "New clients"), new("+12125550141", "Partners")],
            Routes: [new("Domestic", [("_NXXNXXXXXX", 0), ("_1NXXNXXXXXX", 0)]), new("International", [("_011.", 0)])]),
    ];
}
