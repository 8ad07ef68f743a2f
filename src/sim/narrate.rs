//! Plain-words narration of trace events.
//!
//! The page's event log, the seed sweep's failure report and the model
//! checker's counterexamples all tell a run the same way, with these
//! sentences: "Node 2 promised n=3.1 to node 1; it had accepted nothing
//! before."

use super::trace::{Action, DropReason, Event};
use crate::paxos::{GiveUp, Message, NodeId, NodeSet, Note, Proposal, TimerKind, Value, ValueFrom};

fn q(value: &Value) -> String {
    format!("“{value}”")
}

fn pair(p: &Proposal) -> String {
    format!("(n={}, {})", p.ballot, q(&p.value))
}

fn whom(node: NodeId, to: NodeId) -> String {
    if node == to {
        "itself".to_string()
    } else {
        format!("node {to}")
    }
}

/// `n` with thousands separators: 189483 → "189,483".
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A probability as the whole percent the page shows it as (a slider's
/// 0.3 is 30).
pub fn whole_percent(p: f64) -> u32 {
    (p * 100.0).round() as u32
}

/// The probability a whole percent stands for (a slider's 30 is 0.3): the
/// inverse of [`whole_percent`].
pub fn from_percent(pct: u32) -> f64 {
    f64::from(pct) / 100.0
}

fn percent(p: f64) -> String {
    // Whole percent, printed as an integer: the page never needs float
    // formatting, which would cost it kilobytes of wasm.
    format!("{}%", whole_percent(p))
}

/// Whether an event belongs in the default event log. Individual sends,
/// deliveries and timer ticks are left out; they show as arrows instead.
pub fn is_headline(event: &Event) -> bool {
    !matches!(event, Event::Sent { .. } | Event::Delivered { .. } | Event::Timeout { .. })
}

/// Up to this many nodes, the log also tells each reply that reaches a
/// proposer (Promise, Accepted, Nack) and each Decide that reaches a
/// learner. Such a message may change a card ("2 of 3 promises") or
/// nothing at all (a late reply, a Decide already learned) with no note
/// of its own, so without the line a Step seemed to do nothing; at 25
/// nodes the lines would push the rest out of the log. (A Prepare or an
/// Accept always gets its acceptor's answer as a note.)
pub const STEP_LINES_UP_TO: usize = 9;

/// Whether `event` is a line of the page's event log, in a cluster of
/// `nodes`: a headline, or in a small cluster a delivery that no note of
/// its receiver tells.
pub fn in_log(event: &Event, nodes: usize) -> bool {
    is_headline(event)
        || (nodes <= STEP_LINES_UP_TO
            && matches!(
                event,
                Event::Delivered {
                    msg: Message::Promise { .. }
                        | Message::Accepted { .. }
                        | Message::Nack { .. }
                        | Message::Decide { .. },
                    ..
                }
            ))
}

/// "`k` of `n` nodes", in the singular for a cluster of one ("1 of 1
/// node"), for a count followed by a verb or nothing.
pub fn of_nodes(k: usize, n: usize) -> String {
    format!("{k} of {n} {}", if n == 1 { "node" } else { "nodes" })
}

/// One sentence describing `event`.
pub fn describe(event: &Event) -> String {
    match event {
        Event::Proposed { node, value } => format!("Node {node} is asked to propose {}.", q(value)),
        Event::Node { node, note } => describe_note(*node, note),
        Event::Sent { from, to, msg, .. } => format!("Node {from} sends {msg} to {}.", whom(*from, *to)),
        // Not "receives it twice": either copy may yet be lost.
        Event::Duplicated { from, to, msg, .. } => {
            format!("The network duplicates {msg} from node {from} to node {to}: two copies are on their way.")
        }
        Event::Delivered { from, to, msg, .. } => format!("{msg} from node {from} reaches {}.", whom(*from, *to)),
        Event::Dropped { from, to, msg, reason, .. } => {
            let why = match reason {
                DropReason::Loss => "was lost in the network".to_string(),
                // Its fate was decided as it left: the node's loss may have
                // been set to 0% since, as its card then says. "Failing"
                // read as a crash: this is the loss slider's doing. "Drawn
                // as it was sent" read as something about the drawing, and
                // "by chance" was wrong at 100%.
                DropReason::NodeFailure { node } => {
                    format!("was lost to node {node}'s message loss (decided as it was sent)")
                }
                DropReason::Crashed => format!("was lost: node {to} is crashed"),
                DropReason::Partition => format!("was lost: the link {from}→{to} is cut"),
                DropReason::RoundOver => "was discarded: a new round began".to_string(),
                DropReason::Manual => "was never delivered".to_string(),
            };
            format!("{msg} from node {from} to node {to} {why}.")
        }
        Event::Timeout { node, kind: TimerKind::Phase } => format!("Node {node}'s phase timer runs out."),
        Event::Timeout { node, kind: TimerKind::Backoff } => format!("Node {node}'s pause is over."),
        Event::Chosen { proposal, .. } => {
            format!("{} is chosen: a majority accepted {}.", q(&proposal.value), pair(proposal))
        }
        Event::NewRound { round } => format!("Round {round} begins: every node starts a fresh Paxos instance."),
        Event::Changed { action } => describe_change(action),
        Event::Violation { violation, .. } => format!("⚠ {violation}"),
    }
}

/// Nodes in words: "node 4", "nodes 2, 3 and 5".
pub fn nodes_in_words(nodes: impl IntoIterator<Item = NodeId>) -> String {
    let names: Vec<String> = nodes.into_iter().map(|n| n.to_string()).collect();
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => format!("node {last}"),
        Some((last, rest)) => format!("nodes {} and {last}", rest.join(", ")),
    }
}

/// What a proposer's count adds to the acceptors it names: nothing, unless
/// it counted more replies than there are acceptors, as only the
/// count-duplicates flaw does; then whose replies it counted again.
fn twice(voters: NodeSet, counted: u8, repeated: NodeSet) -> String {
    let extra = usize::from(counted).saturating_sub(voters.len());
    let whose = nodes_in_words(repeated.members());
    match (extra, repeated.len()) {
        (0, _) => String::new(),
        (1, 1) => format!(", counting {whose}'s reply twice"),
        (k, n) if k == n => format!(", counting the replies of {whose} twice"),
        // A note that names nobody (one written before notes named whom).
        (k, 0) => format!(", with {k} repeated replies counted again"),
        (k, _) => format!(", counting {k} repeated replies from {whose}"),
    }
}

/// One sentence for a decision node `node` reported.
pub fn describe_note(node: NodeId, note: &Note) -> String {
    match note {
        Note::Preparing { ballot } => {
            format!("Node {node} starts ballot n={ballot} and sends Prepare(n={ballot}) to every node.")
        }
        // A copy of a message already answered gets the same answer; said
        // so, or the log showed one line twice, word for word.
        // With ballots shared ("Reuse ballot numbers"), the number it
        // promised before may have come from another proposer: "again"
        // alone read as one proposer's Prepare duplicated, which hid
        // the lesson.
        Note::Promised { to, ballot, again: true, .. } if ballot.node == NodeId(0) => format!(
            "Node {node} promised n={ballot} to {} again: it had promised n={ballot} already, to this proposer or another, and a ballot with no node id cannot say whose it is.",
            whom(node, *to)
        ),
        Note::Promised { to, ballot, again: true, .. } => format!(
            "Node {node} promised n={ballot} to {} again: it had promised that very ballot already.",
            whom(node, *to)
        ),
        Note::Promised { to, ballot, prior, again: false } => {
            let before = match prior {
                None => "it had accepted nothing before".to_string(),
                Some(p) => format!("it had accepted {} before", pair(p)),
            };
            format!("Node {node} promised n={ballot} to {}; {before}.", whom(node, *to))
        }
        Note::Refused { to, ballot, promised } => {
            format!("Node {node} refused n={ballot} from {}: it had promised n={promised}.", whom(node, *to))
        }
        // The rule broken, said where it breaks, as the other flaws' are.
        Note::Accepted { to, proposal, broke: Some(promised), .. } => format!(
            "Node {node} accepted {} from {}, though it had promised n={promised}: it breaks its promise.",
            pair(proposal),
            whom(node, *to)
        ),
        Note::Accepted { to, proposal, again: true, .. } => {
            format!("Node {node} accepted {} from {} again: it had accepted that very proposal already.", pair(proposal), whom(node, *to))
        }
        Note::Accepted { to, proposal, again: false, .. } => {
            format!("Node {node} accepted {} from {}.", pair(proposal), whom(node, *to))
        }
        Note::Proposing { proposal, own, prior, value_from, promised_by, counted, repeated } => {
            let quorum = format!(
                "counts a quorum of promises ({}{})",
                nodes_in_words(promised_by.members()),
                twice(*promised_by, *counted, *repeated)
            );
            match (value_from, prior) {
                (ValueFrom::Own, _) | (_, None) => format!(
                    "Node {node} {quorum}; none reported an earlier acceptance, so it proposes its own: {}.",
                    pair(proposal)
                ),
                (ValueFrom::IgnoredPrior, Some(p)) => format!(
                    "Node {node} {quorum}. The highest earlier acceptance among them was {}, but node {node} ignores it and proposes its own: {}{}.",
                    pair(p),
                    pair(proposal),
                    if p.value == *own { ", the same value here by chance" } else { "" }
                ),
                // The rule took the prior's value; say so plainly when it
                // happens to be the proposer's own too.
                (ValueFrom::Prior, Some(p)) if p.value == *own => format!(
                    "Node {node} {quorum}; the highest prior (n={}) holds {} too, so it proposes {}.",
                    p.ballot,
                    q(own),
                    pair(proposal)
                ),
                (ValueFrom::Prior, Some(p)) => format!(
                    "Node {node} {quorum}. The highest earlier acceptance among them was {}, so node {node} must propose {} instead of its own {}.",
                    pair(p),
                    q(&p.value),
                    q(own)
                ),
            }
        }
        Note::GaveUp { ballot, why } => {
            let reason = match why {
                GiveUp::Refused => "too many nodes refused it",
                GiveUp::TimedOut => "no majority answered in time",
                GiveUp::OutOfBallots => {
                    return format!(
                        "Node {node} stops proposing after n={ballot}: it has seen ballot number {}, the highest there is, so no higher ballot is left.",
                        u32::MAX
                    )
                }
            };
            format!("Node {node} gives up n={ballot}: {reason}. It will retry with a higher ballot after a pause.")
        }
        Note::Stopped { ballot, retry: false, chosen } => format!(
            "Node {node} drops its ballot n={ballot}: it heard {} was chosen, and a chosen value never changes, so nothing is left to propose.",
            q(chosen)
        ),
        Note::Stopped { ballot, retry: true, chosen } => format!(
            "Node {node} will not retry after giving up n={ballot}: it heard {} was chosen, so nothing is left to propose.",
            q(chosen)
        ),
        Note::Decided { value, accepted_by, counted, repeated } => {
            // Not "a majority": with the quorum rule broken, the proposer
            // calls a value chosen on fewer acceptances than that.
            format!(
                "Node {node} counts enough acceptances of {} ({}{}) to call it chosen and sends Decide to every node.",
                q(value),
                nodes_in_words(accepted_by.members()),
                twice(*accepted_by, *counted, *repeated)
            )
        }
        Note::Learned { value } => format!("Node {node} learned {}.", q(value)),
        Note::Contradicted { learned, told } => format!(
            // Not "two values were chosen": with a minority quorum or a
            // reply counted twice, the second never reached a majority.
            "Node {node} is told {} was chosen, but it learned {} before: two proposers each called a different value chosen. A learner never takes back what it learned, so node {node} keeps {}.",
            q(told),
            q(learned),
            q(learned)
        ),
        Note::Crashed { ballot, retry, durable } => {
            let lost = match (ballot, retry) {
                (Some(b), false) => format!("its ballot n={b} in progress is forgotten"),
                (Some(b), true) => format!("the retry it was waiting for, after giving up n={b}, is forgotten"),
                (None, _) => "it was not proposing".to_string(),
            };
            let disk = if *durable {
                "Its promise and accepted value are on disk and will survive."
            } else {
                "Under the amnesia flaw its promise and accepted value are not on disk: a restart will lose them."
            };
            format!("Node {node} crashed; {lost}. {disk}")
        }
        Note::Restarted { promised, accepted, forgot } => {
            let held = match (promised, accepted) {
                (None, None) => None,
                (Some(b), None) => Some(format!("its promise n={b}")),
                (None, Some(p)) => Some(format!("its accepted {}", pair(p))),
                (Some(b), Some(p)) => Some(format!("its promise n={b} and its accepted {}", pair(p))),
            };
            match (held, forgot) {
                (None, _) => format!("Node {node} restarted; it had promised and accepted nothing."),
                (Some(held), false) => format!("Node {node} restarted with {held} intact, read back from disk."),
                (Some(held), true) => format!(
                    "Node {node} restarted with amnesia: it forgot {held}, so it may now promise or accept what it refused before."
                ),
            }
        }
    }
}

/// `text` as a sentence: its first letter a capital. The reasons a run is
/// impossible are phrases ("its moment is after its end") or sentences of
/// their own ("A cluster needs…"); after a colon, the latter read as a
/// capital mid-sentence. ASCII only: they are the page's own English, and
/// Unicode's case tables cost the page 16 KB.
pub fn capitalized(text: &str) -> String {
    let mut text = text.to_string();
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}

/// Ticks as seconds with one decimal, e.g. `3.2 s` (integer formatting
/// only: a thousand ticks are a second of the page's clock).
pub fn seconds(ticks: u64) -> String {
    format!("{}.{} s", ticks / 1000, (ticks % 1000) / 100)
}

fn describe_change(action: &Action) -> String {
    match action {
        Action::SetLoss { p } => format!("Message loss set to {}.", percent(*p)),
        Action::SetDuplication { p } => format!("Duplication set to {}.", percent(*p)),
        Action::SetNodeFailure { node, p } => format!("Node {node}'s message loss set to {}.", percent(*p)),
        Action::SetDelay { min, max } => format!("Message delay set to {min}–{max} ticks."),
        Action::SetNodeDelay { node, ticks: 0 } => format!("Node {node}'s messages travel at the usual speed again."),
        Action::SetNodeDelay { node, ticks } => {
            format!("Node {node}'s messages now take {} longer.", seconds(u64::from(*ticks)))
        }
        Action::Cut { from, to } => format!("The link {from}→{to} is cut."),
        Action::Heal { from, to } => format!("The link {from}→{to} is healed."),
        Action::HealAll => "Every link is healed.".to_string(),
        Action::Isolate { node } => {
            format!("Node {node} is cut off: nothing it sends arrives, and nothing sent to it arrives.")
        }
        Action::Rejoin { node } => format!("Node {node}'s links are healed; it can talk to every node again."),
        Action::Split { side } => {
            let one = nodes_in_words(side.members());
            format!("The cluster is split: {one} on one side of a cut, the rest on the other; every message across it is lost.")
        }
        Action::SetFlaw { flaw, on: true } => format!("Flaw switched on: {}.", flaw.describe()),
        // Not the flaw's own words: "switched off: a proposer ignores…"
        // read, out loud above all, as if it were on.
        Action::SetFlaw { flaw, on: false } => format!("Flaw switched off, so the rule holds again: {}.", flaw.kept()),
        Action::Propose { .. }
        | Action::Crash { .. }
        | Action::Restart { .. }
        | Action::NewRound
        | Action::Deliver { .. }
        | Action::DeliverCopy { .. }
        | Action::Drop { .. }
        | Action::FireTimer { .. } => "The world changed.".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paxos::{Ballot, Flaw, Flaws, Message, Node, Output};

    /// Crash and restart node 2 after it promised 2.1 and accepted
    /// (1.1, x) under `flaws`; return the two sentences told about it.
    fn crash_and_restart(flaws: Flaws) -> (String, String, Node) {
        let mut node = Node::new(NodeId(2), 3, flaws).unwrap();
        let mut out = Vec::new();
        let x = Proposal::new(Ballot::new(1, NodeId(1)), Value::from("x"));
        node.on_message(NodeId(1), Message::Accept { proposal: x }, &mut out);
        node.on_message(NodeId(1), Message::Prepare { ballot: Ballot::new(2, NodeId(1)) }, &mut out);
        out.clear();
        node.crash(&mut out);
        node.restart(&mut out);
        let told: Vec<String> = out
            .iter()
            .filter_map(|o| match o {
                Output::Note(note) => Some(describe_note(NodeId(2), note)),
                _ => None,
            })
            .collect();
        assert_eq!(told.len(), 2, "{told:?}");
        (told[0].clone(), told[1].clone(), node)
    }

    #[test]
    fn a_restart_is_told_as_it_happens_under_every_flaw() {
        let durable = (
            "Node 2 crashed; it was not proposing. Its promise and accepted value are on disk and will survive.",
            "Node 2 restarted with its promise n=2.1 and its accepted (n=1.1, “x”) intact, read back from disk.",
        );
        let amnesia = (
            "Node 2 crashed; it was not proposing. Under the amnesia flaw its promise and accepted value are not on disk: a restart will lose them.",
            "Node 2 restarted with amnesia: it forgot its promise n=2.1 and its accepted (n=1.1, “x”), so it may now promise or accept what it refused before.",
        );
        let cases = std::iter::once(Flaws::NONE).chain(Flaw::ALL.map(Flaws::only));
        for flaws in cases {
            let (crashed, restarted, node) = crash_and_restart(flaws);
            let forgot = flaws.has(Flaw::Amnesia);
            let expected = if forgot { amnesia } else { durable };
            assert_eq!((crashed.as_str(), restarted.as_str()), expected, "{flaws:?}");
            // And the words match what happened to the state.
            assert_eq!(node.acceptor.promised.is_none(), forgot, "{flaws:?}");
            assert_eq!(node.acceptor.accepted.is_none(), forgot, "{flaws:?}");
            assert_eq!(node.proposer.highest_num, 2, "{flaws:?}: the highest number seen survives either way");
        }
    }

    #[test]
    fn a_flaw_switched_off_says_which_rule_holds_again() {
        for flaw in Flaw::ALL {
            let said = |on| describe(&Event::Changed { action: Action::SetFlaw { flaw, on } });
            assert!(said(true).contains(flaw.describe()), "{}", said(true));
            assert!(!said(false).contains(flaw.describe()) && said(false).contains(flaw.kept()), "{}", said(false));
        }
    }

    #[test]
    fn a_crash_says_what_it_forgets() {
        let mut node = Node::new(NodeId(1), 3, Flaws::NONE).unwrap();
        let told = |node: &mut Node| {
            let mut out = Vec::new();
            node.crash(&mut out);
            let Output::Note(note) = &out[0] else { panic!("{out:?}") };
            describe_note(NodeId(1), note)
        };
        node.propose(Value::from("x"), &mut Vec::new()).unwrap();
        assert!(told(&mut node).starts_with("Node 1 crashed; its ballot n=1.1 in progress is forgotten."));
        node.propose(Value::from("x"), &mut Vec::new()).unwrap();
        node.on_timeout(&mut Vec::new());
        assert!(
            told(&mut node)
                .starts_with("Node 1 crashed; the retry it was waiting for, after giving up n=2.1, is forgotten."),
            "not \"it was not proposing\": its timer was set"
        );
        assert!(told(&mut node).starts_with("Node 1 crashed; it was not proposing."));
    }

    #[test]
    fn a_restart_with_nothing_held_says_so() {
        let mut node = Node::new(NodeId(3), 3, Flaws::only(Flaw::Amnesia)).unwrap();
        let mut out = Vec::new();
        node.restart(&mut out);
        let Output::Note(note) = &out[0] else { panic!("{out:?}") };
        assert_eq!(describe_note(NodeId(3), note), "Node 3 restarted; it had promised and accepted nothing.");
    }

    #[test]
    fn a_ballot_dropped_for_a_chosen_value_is_told_with_its_reason() {
        let mut node = Node::new(NodeId(1), 5, Flaws::NONE).unwrap();
        let mut out = Vec::new();
        node.propose(Value::from("apple"), &mut out).unwrap();
        out.clear();
        node.on_message(NodeId(4), Message::Decide { value: Value::from("fig") }, &mut out);
        let told: Vec<_> = out
            .iter()
            .filter_map(|o| if let Output::Note(n) = o { Some(describe_note(NodeId(1), n)) } else { None })
            .collect();
        assert_eq!(
            told,
            [
                "Node 1 learned “fig”.",
                "Node 1 drops its ballot n=1.1: it heard “fig” was chosen, and a chosen value never changes, so nothing is left to propose."
            ]
        );
    }

    #[test]
    fn giving_up_for_good_is_told_differently_from_backing_off() {
        let ballot = Ballot::new(4, NodeId(1));
        let told = |why| describe_note(NodeId(1), &Note::GaveUp { ballot, why });
        assert_eq!(
            told(GiveUp::TimedOut),
            "Node 1 gives up n=4.1: no majority answered in time. It will retry with a higher ballot after a pause."
        );
        assert!(told(GiveUp::Refused).contains("too many nodes refused it"));
        assert_eq!(
            told(GiveUp::OutOfBallots),
            "Node 1 stops proposing after n=4.1: it has seen ballot number 4294967295, the highest there is, so no higher ballot is left."
        );
    }

    #[test]
    fn a_repeated_promise_of_a_shared_ballot_does_not_name_one_proposer() {
        let promised = |ballot: Ballot| {
            describe_note(NodeId(2), &Note::Promised { to: NodeId(3), ballot, prior: None, again: true })
        };
        // With its proposer in the ballot, a repeat is a copy of that
        // proposer's Prepare.
        assert_eq!(
            promised(Ballot::new(1, NodeId(3))),
            "Node 2 promised n=1.3 to node 3 again: it had promised that very ballot already."
        );
        // Without, it may have been another proposer's.
        let shared = promised(Ballot::new(1, NodeId(0)));
        assert!(shared.contains("to this proposer or another"), "{shared}");
    }
}
