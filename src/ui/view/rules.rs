//! The page's words for each deliberate flaw: the name of its switch in
//! "Break a rule" and the rule it breaks. The switches, the challenge, Find
//! a bug and the flaw demos' notices all name a flaw by these words, so a
//! student meets one name for one broken rule everywhere.

use crate::paxos::Flaw;

/// The switch's name, the rule it breaks, and why the rule matters.
pub fn rule(flaw: Flaw) -> (&'static str, &'static str) {
    match flaw {
        Flaw::Amnesia => (
            "Forget acceptor state on restart",
            "An acceptor's promise and acceptance must survive a crash: a chosen value lives on in what a majority remembers.",
        ),
        Flaw::IgnorePrior => (
            "Ignore prior accepted values",
            "A proposer must propose the value of the highest-numbered acceptance its promises report (its own only if none reports one): that is how a chosen value is carried into every later ballot.",
        ),
        Flaw::SharedBallots => (
            "Reuse ballot numbers",
            "Ballots must be unique (the proposer's id breaks ties), or two proposers can each get a different value accepted under one ballot.",
        ),
        Flaw::AcceptAnything => (
            "Accept below the promise",
            "An acceptor must refuse ballots below its promise, or an old ballot's value slips in after a newer ballot has read the acceptors.",
        ),
        Flaw::MinorityQuorum => (
            "Use half the nodes as a quorum",
            "Any two quorums must share a node, and majorities do: any two groups of 3 among 5 nodes overlap. Halves, rounded down, need not: 2 and 2 of 5 can be disjoint, and of 3 nodes, half is one. It shows when two proposers run at once, as each may count a different small group; crashes, cut links and lost messages make that likelier.",
        ),
        Flaw::CountDuplicates => (
            "Count duplicate replies",
            "Each acceptor is counted once per ballot, or one acceptor's repeated reply counts as a second acceptor, and a minority passes for a majority. It shows only when the network duplicates messages (the Duplication slider).",
        ),
    }
}
