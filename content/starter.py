"""The clinic's starter content, as plain data (no Django imports; the emergency signs
come from the pure triage engine, their one source).

``manage.py seed_content`` loads this file into the content models; after that, clinic
staff own the words and edit them in the admin. The contract for the shape of this data
is the starter content schema shared between the content-model helper and the writer.

Facts come from /work/shared/protocol/GUIDANCE.md (one section per comment below); every
sentence is written fresh in plain English for a reading age of about 11 (US context:
911, physical therapist, emergency room). Nothing here may contradict PROTOCOL.md: urgent
signs are never "wait and see", and emergency advice always says call 911 and do not
drive yourself.

Which items a result page shows is decided by the tags (body areas, patterns, avoid-if,
activities, outcomes), following PROTOCOL.md "What the result page offers".
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict

from triage.engine import red_flag_signs

# ------------------------------------------------------------------- code values

BodyArea = Literal["neck", "upper_back", "lower_back"]
Pattern = Literal["nerve", "strain", "soreness", "persistent", "general"]
History = Literal["disc_condition", "stenosis_arthritis", "recurring"]
Activity = Literal[
    "high_impact",
    "heavy_lifting",
    "twisting",
    "yoga_backbends",
    "pivoting_sports",
    "contact_sports",
    "core_work",
    "other",
]
OutcomeCode = Literal["emergency", "urgent", "see_doctor", "physio", "self_care"]
Topic = Literal[
    "soreness_vs_injury",
    "causes",
    "risky_activities",
    "treatments",
    "when_to_see_doctor",
    "physical_therapy",
    "faq",
    "emergency_signs",
]

BODY_AREAS: tuple[BodyArea, ...] = ("neck", "upper_back", "lower_back")
PATTERNS: tuple[Pattern, ...] = ("nerve", "strain", "soreness", "persistent", "general")
HISTORIES: tuple[History, ...] = ("disc_condition", "stenosis_arthritis", "recurring")
ACTIVITIES: tuple[Activity, ...] = (
    "high_impact",
    "heavy_lifting",
    "twisting",
    "yoga_backbends",
    "pivoting_sports",
    "contact_sports",
    "core_work",
    "other",
)
OUTCOMES: tuple[OutcomeCode, ...] = ("emergency", "urgent", "see_doctor", "physio", "self_care")
TOPICS: tuple[Topic, ...] = (
    "soreness_vs_injury",
    "causes",
    "risky_activities",
    "treatments",
    "when_to_see_doctor",
    "physical_therapy",
    "faq",
    "emergency_signs",
)

# ------------------------------------------------------------------------- shapes


class Location(TypedDict):
    name: str
    address: str
    phone: str
    opening_hours: str


class Clinic(TypedDict):
    name: str
    tagline: str
    phone: str
    urgent_phone: str
    email: str
    booking_url: str
    emergency_number: str
    opening_hours: str
    locations: list[Location]


class Stretch(TypedDict):
    slug: str
    title: str
    summary: str
    body_areas: list[BodyArea]
    patterns: list[Pattern]
    avoid_patterns: list[Pattern]
    avoid_history: list[History]
    steps: list[str]
    hold: str
    repetitions: str
    cautions: str
    stop_if: str
    position: str


class Tip(TypedDict):
    slug: str
    title: str
    summary: str
    body: str
    activities: list[Activity]
    # Empty or missing: the tip suits every pain area.
    body_areas: NotRequired[list[BodyArea]]
    # "Always show when it matches": safety advice that a result never cuts.
    safety_relevant: NotRequired[bool]


class Phase(TypedDict):
    title: str
    what_to_do: str
    duration: str
    move_on_when: str
    stop_if: str


class Plan(TypedDict):
    slug: str
    title: str
    summary: str
    patterns: list[Pattern]
    after_doctor_check: bool
    phases: list[Phase]
    # Empty or missing: the plan suits every pain area; otherwise it is only for these,
    # and is chosen before a plan for every area.
    body_areas: NotRequired[list[BodyArea]]


class CareAdvice(TypedDict):
    outcome: OutcomeCode
    headline: str
    do_now: str
    do_not: str
    escalate: str
    tell_clinician: str


class Guide(TypedDict):
    slug: str
    title: str
    summary: str
    topic: Topic
    body: str
    outcomes: list[OutcomeCode]


# ------------------------------------------------------------- markdown helpers
# Small helpers so that long Markdown stays readable here and within the line limit.


def _p(*sentences: str) -> str:
    """One paragraph: sentences joined by spaces."""
    return " ".join(sentences)


def _ul(*items: str) -> str:
    """A bullet list, one "- " item per line."""
    return "\n".join(f"- {item}" for item in items)


def _h(heading: str) -> str:
    """A level-two heading (guide bodies only)."""
    return f"## {heading}"


def _md(*blocks: str) -> str:
    """Blocks (paragraphs, lists, headings) separated by blank lines."""
    return "\n\n".join(blocks)


# The emergency signs, from the engine: the guides list exactly the signs the emergency
# question asks about (PROTOCOL.md v2; issue 10: one source for the red flags).
_EMERGENCY_SIGNS = _ul(*(sign[:1].lower() + sign[1:] for sign in red_flag_signs()))


REVIEWED_ON = "2026-11-23"
REVIEWED_BY = "BackOnTrack clinical team"

# GUIDANCE.md "Always shown". Not part of the loader contract; kept here so the words
# live with the rest of the clinic's text.
DISCLAIMER = _p(
    "This service gives general information only.",
    "It is not a diagnosis or medical advice.",
    "In an emergency, call 911.",
)

# GUIDANCE.md "Self-care": pain relief as labelled. Every text that suggests ibuprofen
# also says who should ask a pharmacist first (issue 10): it can upset the stomach, harm
# the kidneys (most of all when a very hard workout has already strained them), bring on
# asthma, and is not for pregnancy.
_IBUPROFEN = _p(
    "Pain relief from the pharmacy, such as ibuprofen, can help. Take it as the label says.",
    "Ask a pharmacist first if you have stomach or kidney problems or asthma, or if you "
    "are pregnant.",
    "Ask first too after a very hard workout, as ibuprofen can then harm your kidneys.",
)

# ------------------------------------------------------------------------ clinic

CLINIC: Clinic = {
    "name": "BackOnTrack Clinic",
    "tagline": "Help for back and neck pain after exercise.",
    "phone": "(555) 010-2000",
    "urgent_phone": "(555) 010-2099",
    # No email or booking address until the clinic gives its own (issue 13: patients never
    # see a placeholder); the admin asks staff to replace the sample phone and address.
    "email": "",
    "booking_url": "",
    "emergency_number": "911",
    "opening_hours": _md(
        _ul(
            "Monday to Friday: 8 am to 6 pm",
            "Saturday: 9 am to 1 pm",
            "Sunday and public holidays: closed",
        ),
        _p(
            "Our same-day line is answered from 8 am on weekdays.",
            "In an emergency, call 911 at any time.",
        ),
    ),
    "locations": [
        {
            "name": "BackOnTrack Clinic, Main Street",
            "address": "100 Main Street, Suite 200\nAnytown, ST 00000",
            "phone": "(555) 010-2000",
            "opening_hours": "Monday to Friday, 8 am to 6 pm. Saturday, 9 am to 1 pm.",
        },
    ],
}

# --------------------------------------------------------------------- stretches
# GUIDANCE.md "Stretches and gentle exercises". Tag rules used here:
# - patterns: the pain patterns (PROTOCOL.md "Pattern") the stretch suits;
# - avoid_patterns: every other pattern. The see_doctor result filters stretches by the
#   avoid tags only (PROTOCOL.md "What the result page offers"), so each pattern is
#   either suited or avoided: backward bends and twists not after a fresh strain; moves
#   that pull on an irritated nerve not for nerve pain;
# - avoid_history: press-up and standing back bend are not for spinal stenosis or
#   arthritis (GUIDANCE.md).
# Order matters: result pages show the first few matches (content/services.py), so the
# gentlest moves come first. Every body area x pattern x history combination keeps at
# least three stretches; tests/content/test_starter_data.py checks both.
# Stop rules must work for someone who already has pain or tingling in a limb (the nerve
# pattern): "it spreads into your arm" has already happened to them, so the rules say
# "new, or worse, or further down" (issue 10).

_STOP_BACK = _md(
    "Stop if:",
    _ul(
        "you feel sharp pain",
        "your pain gets worse",
        "you get new pain, numbness or tingling in your buttock or leg",
        "pain, numbness or tingling in your leg gets worse or spreads further down",
    ),
)

_STOP_NECK = _md(
    "Stop if:",
    _ul(
        "you feel sharp pain",
        "your pain gets worse",
        "you get new pain, numbness or tingling in your arm or hand",
        "pain, numbness or tingling in your arm gets worse or spreads further down",
    ),
    _p(
        "**Call 911** if you get a sudden severe headache, double vision, dizziness "
        "or slurred speech.",
    ),
)

_STOP_WHOLE_BACK = _md(
    "Stop if:",
    _ul(
        "you feel sharp pain",
        "your pain gets worse",
        "you get new pain, numbness or tingling in an arm or a leg",
        "pain, numbness or tingling in an arm or a leg gets worse or spreads further down",
    ),
)

STRETCHES: list[Stretch] = [
    {
        "slug": "pelvic-tilt",
        "title": "Pelvic tilt",
        "summary": "A small rocking movement that loosens your lower back.",
        "body_areas": ["lower_back"],
        "patterns": ["nerve", "strain", "soreness", "persistent", "general"],
        "avoid_patterns": [],
        "avoid_history": [],
        "position": "Lying on your back",
        "steps": [
            "Lie on your back with your knees bent and your feet flat on the floor.",
            "Tighten your stomach muscles and gently press the small of your back into the floor.",
            "Your hips will tip up a little. Hold this position.",
            "Relax and let your lower back go back to its natural curve.",
            "Keep the movement small and smooth, like a slow rock.",
        ],
        "hold": "Hold each tilt for about 5 seconds",
        "repetitions": "Do 10 times, up to 3 times a day",
        "cautions": _ul(
            "This is a small movement. You do not need to lift your hips off the floor.",
            "Keep your shoulders and neck relaxed.",
            "It is a good first exercise in the days after a strain.",
        ),
        "stop_if": _STOP_BACK,
    },
    {
        "slug": "knee-to-chest",
        "title": "Knee-to-chest stretch",
        "summary": "A gentle stretch that eases a stiff lower back.",
        "body_areas": ["lower_back"],
        "patterns": ["nerve", "strain", "soreness", "persistent", "general"],
        "avoid_patterns": [],
        "avoid_history": [],
        "position": "Lying on your back",
        "steps": [
            "Lie on your back on the floor or a firm bed. Bend both knees and keep your feet flat.",
            "Hold the back of one thigh with both hands.",
            "Slowly pull that knee toward your chest until you feel a gentle stretch in your "
            "lower back.",
            "Keep your other foot on the floor and your head resting down.",
            "Hold, then slowly lower your foot back to the floor.",
            "Switch legs. When one knee at a time feels easy, you can hug both knees together.",
        ],
        "hold": "Hold for 20 to 30 seconds",
        "repetitions": "Do 2 to 3 times on each side, up to 3 times a day",
        "cautions": _ul(
            "Move slowly and breathe out as you pull.",
            "Hold behind your thigh, not on top of your knee, if your knees hurt.",
            "If you have a disc problem (a bulging or slipped disc), stay with one knee at a time.",
        ),
        "stop_if": _STOP_BACK,
    },
    {
        "slug": "chin-tuck",
        "title": "Chin tuck",
        "summary": "A small movement that helps your head sit back over your shoulders.",
        "body_areas": ["neck", "upper_back"],
        "patterns": ["nerve", "strain", "soreness", "persistent", "general"],
        "avoid_patterns": [],
        "avoid_history": [],
        "position": "Sitting or standing",
        "steps": [
            "Sit or stand tall and look straight ahead.",
            "Gently slide your chin straight back, as if you were making a double chin.",
            "Keep your eyes level. Do not tip your head up or down.",
            "You should feel a gentle stretch at the back of your neck.",
            "Hold, then relax.",
        ],
        "hold": "Hold for 3 to 5 seconds",
        "repetitions": "Do 10 times, up to 3 times a day",
        "cautions": _ul(
            "This is a small movement. Do not push hard.",
            "It can help to rest two fingers on your chin to guide it back.",
            "It is a good break if you sit at a desk or look down at a phone a lot.",
        ),
        "stop_if": _STOP_NECK,
    },
    {
        "slug": "shoulder-rolls",
        "title": "Shoulder rolls",
        "summary": "An easy movement that loosens tight neck and shoulder muscles.",
        "body_areas": ["neck", "upper_back"],
        "patterns": ["nerve", "strain", "soreness", "persistent", "general"],
        "avoid_patterns": [],
        "avoid_history": [],
        "position": "Sitting or standing",
        "steps": [
            "Sit or stand tall with your arms relaxed.",
            "Slowly lift your shoulders up toward your ears.",
            "Roll them back, then down, then forward in one smooth circle.",
            "After your backward rolls, do the same number forward.",
        ],
        "hold": "No hold. Keep the circles slow and smooth",
        "repetitions": "Do 10 rolls backward and 10 forward, a few times a day",
        "cautions": _ul(
            "Keep your head still and your neck relaxed.",
            "Make the circles smaller if they hurt.",
        ),
        "stop_if": _STOP_NECK,
    },
    {
        "slug": "neck-rotation",
        "title": "Neck rotation",
        "summary": "A slow head turn that keeps your neck moving.",
        "body_areas": ["neck"],
        "patterns": ["strain", "soreness", "persistent", "general"],
        # Turning the head narrows the gaps the neck nerves pass through: not while a
        # nerve is irritated (pain or tingling in the arm).
        "avoid_patterns": ["nerve"],
        "avoid_history": [],
        "position": "Sitting or standing",
        "steps": [
            "Sit or stand up tall with your shoulders relaxed.",
            "Look straight ahead and keep your chin level.",
            "Slowly turn your head to the right, only as far as feels comfortable.",
            "Hold, then turn back to the middle.",
            "Slowly turn your head to the left and hold.",
            "Come back to the middle.",
        ],
        "hold": "Hold for 5 to 10 seconds on each side",
        "repetitions": "Do 5 times on each side, up to 3 times a day",
        "cautions": _ul(
            "Keep your chin level. Do not tip your head back.",
            "Move slowly. Never jerk your head or roll it in circles.",
            "A small turn is fine if your neck is stiff.",
        ),
        "stop_if": _STOP_NECK,
    },
    {
        "slug": "shoulder-blade-squeeze",
        "title": "Shoulder blade squeeze",
        "summary": "A simple exercise for the muscles between your shoulder blades.",
        "body_areas": ["upper_back", "neck"],
        "patterns": ["nerve", "strain", "soreness", "persistent", "general"],
        "avoid_patterns": [],
        "avoid_history": [],
        "position": "Sitting or standing",
        "steps": [
            "Sit or stand tall with your arms relaxed by your sides.",
            "Gently squeeze your shoulder blades back and together.",
            "Keep your shoulders down, away from your ears.",
            "Hold, then relax.",
        ],
        "hold": "Hold for about 5 seconds",
        "repetitions": "Do 10 times, up to 3 times a day",
        "cautions": _ul(
            "Squeeze gently. This is not a strong movement.",
            "Do not arch your lower back or push your chin forward.",
        ),
        "stop_if": _STOP_NECK,
    },
    {
        "slug": "cat-cow",
        "title": "Cat-cow",
        "summary": "A slow rocking movement that loosens your whole spine.",
        "body_areas": ["upper_back", "lower_back"],
        "patterns": ["nerve", "strain", "soreness", "persistent", "general"],
        "avoid_patterns": [],
        "avoid_history": [],
        "position": "On your hands and knees",
        "steps": [
            "Start on your hands and knees, with your hands under your shoulders.",
            "Breathe in as you let your belly drop and lift your head a little. This is the cow.",
            "Breathe out as you round your back up and tuck your chin. This is the cat.",
            "Move slowly between the two positions.",
        ],
        "hold": "Pause for 2 to 3 seconds in each position",
        "repetitions": "Do 8 to 10 times, once or twice a day",
        "cautions": _ul(
            "Keep the movements small if your back is sore or you have pain in a leg or arm.",
            "Move with your breath. There is no need to rush.",
            "If your wrists hurt, rest on your fists or your forearms.",
        ),
        "stop_if": _STOP_WHOLE_BACK,
    },
    {
        "slug": "childs-pose",
        "title": "Child's pose",
        "summary": "A resting stretch that lengthens your whole back.",
        "body_areas": ["lower_back", "upper_back"],
        "patterns": ["strain", "soreness", "persistent", "general"],
        # Folding forward can bother an irritated nerve root: kept for the other patterns.
        "avoid_patterns": ["nerve"],
        "avoid_history": [],
        "position": "On your hands and knees",
        "steps": [
            "Start on your hands and knees. Keep your hands under your shoulders and your knees "
            "under your hips.",
            "Slowly sit your hips back toward your heels.",
            "Let your arms slide forward along the floor in front of you.",
            "Rest your forehead on the floor or on a cushion.",
            "Breathe slowly and let your back relax.",
            "To come up, walk your hands back toward your knees and sit up slowly.",
        ],
        "hold": "Hold for 20 to 30 seconds, breathing slowly",
        "repetitions": "Do 3 times, up to 3 times a day",
        "cautions": _ul(
            "Only go as far as feels comfortable. Your hips do not need to reach your heels.",
            "Put a pillow between your heels and hips if your knees feel tight.",
            "Relax into the stretch. Do not push.",
        ),
        "stop_if": _STOP_BACK,
    },
    {
        "slug": "thread-the-needle",
        "title": "Thread the needle",
        "summary": "A gentle twist on your hands and knees for a stiff upper back.",
        "body_areas": ["upper_back"],
        "patterns": ["soreness", "persistent", "general"],
        # Turning the upper back is how it is most often strained: wait until it heals.
        # Lowering the head and shoulder to the floor can bother an irritated neck nerve.
        "avoid_patterns": ["strain", "nerve"],
        "avoid_history": [],
        "position": "On your hands and knees",
        "steps": [
            "Start on your hands and knees.",
            "Slide your right hand, palm up, under your chest toward your left side.",
            "Lower your right shoulder and the side of your head toward the floor.",
            "You should feel a gentle stretch across your upper back.",
            "Hold, then slowly come back up.",
            "Repeat with your left arm.",
        ],
        "hold": "Hold for 15 to 20 seconds",
        "repetitions": "Do 3 times on each side, once or twice a day",
        "cautions": _ul(
            "Twist only as far as feels comfortable.",
            "Keep your hips above your knees.",
        ),
        "stop_if": _STOP_WHOLE_BACK,
    },
    {
        "slug": "bridge",
        "title": "Bridge",
        "summary": "A gentle exercise that strengthens your buttocks and lower back.",
        "body_areas": ["lower_back"],
        "patterns": ["nerve", "strain", "soreness", "persistent", "general"],
        "avoid_patterns": [],
        "avoid_history": [],
        "position": "Lying on your back",
        "steps": [
            "Lie on your back with your knees bent and your feet flat, hip-width apart.",
            "Rest your arms by your sides.",
            "Gently tighten your stomach muscles.",
            "Squeeze your buttocks and slowly lift your hips off the floor.",
            "Stop when your knees, hips and shoulders make a straight line. Do not arch your back.",
            "Hold, then lower your hips slowly back to the floor.",
        ],
        "hold": "Hold for about 5 seconds",
        "repetitions": "Do 8 to 10 times, once or twice a day",
        "cautions": _ul(
            "Lift only as high as feels comfortable.",
            "After a sudden strain, wait until the first sharp pain has settled. This is "
            "usually a few days.",
            "Keep breathing. Do not hold your breath.",
        ),
        "stop_if": _STOP_BACK,
    },
    {
        "slug": "bird-dog",
        "title": "Bird dog (opposite arm and leg lift)",
        "summary": "A steady balance exercise that builds the muscles that support your spine.",
        "body_areas": ["lower_back", "upper_back"],
        "patterns": ["nerve", "strain", "soreness", "persistent", "general"],
        "avoid_patterns": [],
        "avoid_history": [],
        "position": "On your hands and knees",
        "steps": [
            "Start on your hands and knees. Keep your back flat, like a table top.",
            "Gently tighten your stomach muscles.",
            "Slowly reach your right arm forward and your left leg back.",
            "Stop when they are in line with your back. Keep your hips level.",
            "Hold, then lower them slowly.",
            "Switch to your left arm and right leg.",
        ],
        "hold": "Hold for about 5 seconds",
        "repetitions": "Do 5 to 8 times on each side, once a day",
        "cautions": _ul(
            "If balance is hard, start by lifting just one arm or one leg.",
            "Do not let your back sag or twist.",
            "After a sudden strain, wait until the first sharp pain has settled.",
        ),
        "stop_if": _STOP_WHOLE_BACK,
    },
    {
        "slug": "lying-trunk-rotation",
        "title": "Lying trunk rotation",
        "summary": "A gentle twist that loosens your lower back and hips.",
        "body_areas": ["lower_back"],
        "patterns": ["nerve", "soreness", "persistent", "general"],
        # A twist: not after a fresh strain (as thread the needle, press-up and back bend).
        "avoid_patterns": ["strain"],
        "avoid_history": [],
        "position": "Lying on your back",
        "steps": [
            "Lie on your back with your knees bent and your feet flat and together.",
            "Stretch your arms out to the sides, palms down.",
            "Keep both shoulders on the floor.",
            "Slowly let both knees fall to one side, only as far as feels comfortable.",
            "Hold, then bring your knees back to the middle.",
            "Repeat on the other side.",
        ],
        "hold": "Hold for 5 to 10 seconds",
        "repetitions": "Do 5 to 10 times on each side, up to twice a day",
        "cautions": _ul(
            "Keep the movement small if your back is sore. You can make it bigger over a few days.",
            "Breathe out as your knees go down.",
        ),
        "stop_if": _STOP_BACK,
    },
    {
        "slug": "hamstring-stretch",
        "title": "Hamstring stretch",
        "summary": "A lying stretch for the back of your thigh that takes strain off your "
        "lower back.",
        "body_areas": ["lower_back"],
        "patterns": ["strain", "soreness", "persistent", "general"],
        # Straightening the leg pulls on the sciatic nerve: not for nerve pain.
        "avoid_patterns": ["nerve"],
        "avoid_history": [],
        "position": "Lying on your back",
        "steps": [
            "Lie on your back with both knees bent and your feet flat.",
            "Loop a towel or strap around the ball of one foot.",
            "Hold both ends and slowly straighten that leg up toward the ceiling.",
            "Stop when you feel a gentle stretch along the back of your thigh.",
            "Keep your other foot flat on the floor and your back relaxed.",
            "Hold, then bend your knee and lower your leg. Switch sides.",
        ],
        "hold": "Hold for 20 to 30 seconds",
        "repetitions": "Do 2 to 3 times on each leg, up to twice a day",
        "cautions": _ul(
            "Do not bounce. Ease into the stretch slowly.",
            "A slightly bent knee is fine.",
            "Lying down is kinder to your back than bending forward to touch your toes.",
        ),
        "stop_if": _md(
            _STOP_BACK,
            "Pain or tingling down the leg can mean the stretch is pulling on a nerve.",
        ),
    },
    {
        "slug": "side-neck-stretch",
        "title": "Side neck stretch",
        "summary": "A stretch for the muscles between your neck and shoulder.",
        "body_areas": ["neck", "upper_back"],
        "patterns": ["strain", "soreness", "persistent", "general"],
        # Tipping the head can bother an irritated nerve in the neck.
        "avoid_patterns": ["nerve"],
        "avoid_history": [],
        "position": "Sitting on a chair",
        "steps": [
            "Sit up tall on a chair. Hold the edge of the seat with your right hand.",
            "Slowly tip your left ear toward your left shoulder.",
            "Keep your shoulders down and your face looking forward.",
            "Stop when you feel a gentle stretch on the right side of your neck.",
            "Hold, then bring your head back to the middle.",
            "Switch hands and repeat on the other side.",
        ],
        "hold": "Hold for 15 to 30 seconds",
        "repetitions": "Do 2 to 3 times on each side, up to 3 times a day",
        "cautions": _ul(
            "Do not pull your head down with your hand.",
            "Do not lift your shoulder up to meet your ear.",
            "Skip this one if you have pain or tingling in your arm.",
        ),
        "stop_if": _STOP_NECK,
    },
    {
        "slug": "doorway-chest-stretch",
        "title": "Doorway chest stretch",
        "summary": "A stretch that opens your chest and eases a rounded upper back.",
        "body_areas": ["upper_back", "neck"],
        "patterns": ["strain", "soreness", "persistent", "general"],
        # Raised arms can bring on tingling when a nerve in the neck is irritated.
        "avoid_patterns": ["nerve"],
        "avoid_history": [],
        "position": "Standing in a doorway",
        "steps": [
            "Stand in an open doorway.",
            "Bend your elbows to a right angle and raise your arms to shoulder height.",
            "Rest your forearms on each side of the door frame.",
            "Step one foot forward slowly until you feel a stretch across your chest.",
            "Keep your back straight and your chin tucked in.",
            "Hold, then step back.",
        ],
        "hold": "Hold for 20 to 30 seconds",
        "repetitions": "Do 3 times, up to twice a day",
        "cautions": _ul(
            "Only step forward a little. The stretch should feel gentle.",
            "Keep your arms lower if your shoulders are sore.",
        ),
        "stop_if": _md(
            "Stop if:",
            _ul(
                "you feel sharp pain in your shoulder, chest or back",
                "you get tingling or numbness in your arms or hands",
            ),
        ),
    },
    {
        "slug": "press-up",
        "title": "Press-up (lying back bend)",
        "summary": "A gentle backward bend that you do lying on your stomach.",
        "body_areas": ["lower_back"],
        "patterns": ["soreness", "persistent", "general"],
        "avoid_patterns": ["strain", "nerve"],
        "avoid_history": ["stenosis_arthritis"],
        "position": "Lying on your stomach",
        "steps": [
            "Lie on your stomach. Place your hands flat on the floor under your shoulders.",
            "Let your hips and legs stay relaxed on the floor.",
            "Slowly push your upper body up with your arms. Keep your hips down.",
            "Go only as high as feels comfortable. Resting on your elbows is fine at first.",
            "Hold, then slowly lower yourself back down.",
        ],
        "hold": "Hold for 5 to 10 seconds",
        "repetitions": "Do 5 to 10 times, up to 3 times a day",
        "cautions": _ul(
            "Skip this stretch if you have spinal stenosis (narrowing around the nerves in "
            "your spine).",
            "Skip it too if you have arthritis in your spine.",
            "Let your arms do the work. Keep your back and buttocks relaxed.",
            "Skip it in the first few days after a sudden strain.",
        ),
        "stop_if": _STOP_BACK,
    },
    {
        "slug": "standing-back-bend",
        "title": "Standing back bend",
        "summary": "A quick standing stretch that eases stiffness after sitting or bending.",
        "body_areas": ["lower_back"],
        "patterns": ["soreness", "persistent", "general"],
        "avoid_patterns": ["strain", "nerve"],
        "avoid_history": ["stenosis_arthritis"],
        "position": "Standing",
        "steps": [
            "Stand up straight with your feet hip-width apart.",
            "Place your hands on your lower back, with your fingers pointing down.",
            "Keep your knees straight.",
            "Slowly lean back from your waist, only as far as feels comfortable.",
            "Hold, then come back to standing straight.",
        ],
        "hold": "Hold for 2 to 3 seconds",
        "repetitions": "Do 5 to 10 times, a few times a day",
        "cautions": _ul(
            "Skip this stretch if you have spinal stenosis (narrowing around the nerves in "
            "your spine).",
            "Skip it too if you have arthritis in your spine.",
            "Keep the movement small at first.",
            "Stand near a wall or a sturdy chair in case you feel unsteady.",
            "Skip it in the first few days after a sudden strain.",
        ),
        "stop_if": _STOP_BACK,
    },
]

# -------------------------------------------------------------------------- tips
# GUIDANCE.md "Prevention tips (tag each by activity)". The four general tips (warm-up,
# water, warning signs, build up slowly) are tagged with every activity. Result pages
# show the tips that match most of the person's activities first, then by this order
# (content/services.py), so the order mixes two general tips first, then the most
# important tip for each activity, then the rest. Tips that say when to get urgent help
# are "safety_relevant": a result never leaves them out (issue 10: the water tip, with
# its dark-urine 911 sign, was cut). Tips written for backs only carry back body_areas;
# two tips are written for necks.

_ALL_ACTIVITIES: list[Activity] = list(ACTIVITIES)

TIPS: list[Tip] = [
    {
        "slug": "warm-up-before-you-start",
        "title": "Warm up before you start",
        "summary": "A few minutes of easy movement gets your back and neck ready to work.",
        "activities": list(_ALL_ACTIVITIES),
        "body": _md(
            _p(
                "Cold muscles are stiff.",
                "A short warm-up gets blood flowing and makes them less likely to strain.",
            ),
            "Spend 5 to 10 minutes moving gently before you train. Try:",
            _ul(
                "an easy walk, march or slow jog",
                "hamstring stretches (for the muscles at the back of your thigh)",
                "leg raises",
                "slow neck turns",
                "gentle trunk twists",
            ),
            "Start small, and make each move a little bigger as you warm up.",
        ),
    },
    {
        "slug": "stop-at-warning-signs",
        "title": "Stop when your body warns you",
        "summary": "Tightness, spasms or sharp pain are signs to stop, not to push on.",
        "activities": list(_ALL_ACTIVITIES),
        "safety_relevant": True,
        "body": _md(
            _p(
                "Pushing through pain can turn a small problem into an injury.",
                "Learn the warning signs, and stop when you notice them.",
            ),
            "Stop the exercise if you feel:",
            _ul(
                "muscles that keep getting tighter",
                "a spasm (a muscle that suddenly locks or cramps)",
                "sharp or stabbing pain",
                "pain, numbness or tingling going down your leg or arm",
            ),
            _p(
                "Rest, and try a gentler move another day.",
                "If you notice weakness in a leg or arm, see a doctor within 24 to 48 hours.",
            ),
        ),
    },
    {
        "slug": "after-a-blow-to-the-neck",
        "title": "Know what to do after a blow to the neck",
        "summary": "Some neck injuries need 911, so do not play on after a hard knock.",
        "activities": ["contact_sports", "pivoting_sports"],
        "safety_relevant": True,
        "body": _md(
            _p(
                "If you hurt your neck in a fall, blow or collision, stop playing.",
                "Do not go back in during the same game.",
            ),
            "**Call 911** and keep still if you have neck pain with any of these:",
            _ul(
                "numbness, tingling or weakness in your arms or legs",
                "a sudden severe headache, double vision or dizziness",
                "slurred speech or trouble swallowing",
                "you are 65 or over",
            ),
            _p(
                "Do not let anyone move you unless you are in danger.",
                "If you have neck pain after a knock but none of these signs, see a doctor "
                "within 24 to 48 hours.",
            ),
        ),
    },
    {
        "slug": "take-care-with-deep-backbends",
        "title": "Take care with deep backbends",
        "summary": "Poses like wheel, camel and plow bend your spine a long way.",
        "activities": ["yoga_backbends"],
        "body": _md(
            _p(
                "Deep yoga poses such as wheel, camel and plow bend your spine a lot.",
                "Plow also puts your weight on your neck.",
                "These poses can hurt if your back or neck is not ready.",
            ),
            _ul(
                "Warm up well before any deep backbend.",
                "Use blocks, a strap or a wall for support.",
                "Try a gentler version first, such as a low bridge.",
                "Skip these poses while you have back or neck pain.",
            ),
            _p(
                "Ask your teacher for an easier version.",
                "It is fine to rest in child's pose instead.",
            ),
        ),
    },
    {
        "slug": "good-form-before-heavy-weight",
        "title": "Good form comes before heavy weight",
        "summary": "Lift a weight that you can control with good form every time.",
        "activities": ["heavy_lifting", "core_work", "twisting", "other"],
        "body": _md(
            _p(
                "Poor form puts extra strain on your spine.",
                "It often slips when the weight is too heavy or you are tired.",
            ),
            _ul(
                "Pick a weight you can lift well for every rep (each single lift).",
                "Brace your stomach muscles before you lift.",
                "Keep your back in its natural line. Do not round it or arch it hard.",
                "Do fewer reps or use a lighter weight when you get tired.",
            ),
            _p(
                "Never give up good form to lift more.",
                "Ask a trainer to check your form if you are not sure.",
            ),
        ),
    },
    {
        "slug": "go-easy-on-crunches",
        "title": "Go easy on crunches and sit-ups",
        "summary": "Lots of crunches can strain your spine, so mix in safer core moves.",
        "activities": ["core_work"],
        "body_areas": ["upper_back", "lower_back"],
        "body": _md(
            _p(
                "Crunches and sit-ups bend your spine forward again and again.",
                "Even with good form, this adds strain to your back.",
                "They can also tighten your hip flexors (muscles at the front of your hips).",
                "Tight hip flexors pull on your lower back.",
            ),
            "Try these instead:",
            _ul(
                "bird dog",
                "bridge",
                "plank, resting on your knees at first",
                "dead bug (lying on your back and slowly moving one arm and the opposite leg)",
            ),
            _p(
                "If your lower back aches during core work, stop.",
                "Check that your back is not arching away from the floor.",
            ),
        ),
    },
    {
        "slug": "twist-with-control",
        "title": "Twist with control, not with heavy weight",
        "summary": "Turning your body while holding a heavy weight often leads to back strain.",
        "activities": ["twisting", "core_work", "heavy_lifting"],
        "body_areas": ["upper_back", "lower_back"],
        "body": _md(
            _p(
                "Twisting moves, such as Russian twists, can strain your back.",
                "Turning your upper body while holding a weight is a common way to hurt it.",
            ),
            _ul(
                "Learn the move with no weight first.",
                "Turn slowly and keep the movement under control.",
                "When you lift and move something, turn your whole body with your feet.",
                "Keep heavy weights close, and do not twist while holding them.",
            ),
            "If a twist causes sharp pain, stop and rest.",
        ),
    },
    {
        "slug": "keep-your-neck-in-line",
        "title": "Keep your neck in line when you lift and crunch",
        "summary": "Your neck is safest when your head stays in line with your back.",
        "activities": ["heavy_lifting", "core_work", "other"],
        "body_areas": ["neck"],
        "body": _md(
            _p(
                "Many neck strains in the gym come from the head tipping too far.",
                "It may crane up during a lift, or get pulled forward during crunches.",
            ),
            _ul(
                "In squats and deadlifts, look at the floor a little ahead of you, not up "
                "at the ceiling.",
                "Keep your chin a little tucked in, as if you held an egg under it.",
                "In crunches, do not pull on your head. Rest your fingertips by your ears, or "
                "cross your arms on your chest.",
                "Between sets, take breaks from looking down at a phone.",
            ),
            "If your neck hurts during a set, stop and rest.",
        ),
    },
    {
        "slug": "turn-your-head-with-your-body",
        "title": "Turn your head with your body",
        "summary": "Quick twists and turns are kinder to your neck when your head turns "
        "with your chest.",
        "activities": ["twisting", "pivoting_sports", "yoga_backbends"],
        "body_areas": ["neck"],
        "body": _md(
            _p(
                "In twisting moves, the neck often turns further and faster than the rest of you.",
                "That can strain it.",
            ),
            _ul(
                "Let your head turn with your chest, and keep your eyes where your chest points.",
                "Do not whip your head round to look behind you.",
                "In yoga twists, turn your head last, and only as far as feels easy.",
                "Skip poses that put your weight on your head or neck while your neck hurts.",
            ),
            "If turning your head brings on pain or tingling in your arm, stop.",
        ),
    },
    {
        "slug": "wear-supportive-shoes",
        "title": "Wear supportive shoes",
        "summary": "Cushioned, stable shoes soak up some of the shock of each step.",
        "activities": ["high_impact", "pivoting_sports"],
        "body": _md(
            _p(
                "Every step or jump sends a jolt up through your legs and spine.",
                "Good shoes take up some of that shock.",
            ),
            _ul(
                "Choose cushioned, stable shoes made for your sport.",
                "Replace them when the cushioning feels flat or worn.",
                "Run on softer, even ground, such as a track or trail, when you can.",
            ),
        ),
    },
    {
        "slug": "land-and-turn-with-soft-knees",
        "title": "Land and turn with soft knees",
        "summary": "Bending your knees when you land or change direction spreads the load.",
        "activities": ["pivoting_sports", "high_impact"],
        "body_areas": ["upper_back", "lower_back"],
        "body": _md(
            _p(
                "Quick stops, jumps and turns put sudden force through your back.",
                "Your legs can take some of it for you.",
            ),
            _ul(
                "Land with your knees and hips bent, not stiff.",
                "Turn with small steps, moving your feet and hips together.",
                "Practice cuts and pivots slowly before you do them at full speed.",
            ),
        ),
    },
    {
        "slug": "protect-your-neck-in-contact-sports",
        "title": "Protect your neck in contact sports",
        "summary": "Neck injuries happen most in contact sports, so learn to play safely.",
        "activities": ["contact_sports"],
        "body": _md(
            _p(
                "Tackles, falls and collisions can hurt your neck.",
                "Good technique and strong neck muscles lower the risk.",
            ),
            _ul(
                "Learn safe tackling from a coach. Never lead with the top of your head.",
                "Wear the right protective gear, and make sure it fits.",
                "Build neck and shoulder strength in the off-season.",
                "Warm up your neck before you play.",
            ),
        ),
    },
    {
        "slug": "use-a-spotter",
        "title": "Use a spotter for heavy sets",
        "summary": "A spotter can take the weight if you get stuck or feel pain.",
        "activities": ["heavy_lifting"],
        "body": _md(
            _p(
                "A spotter is a person who stands by you while you lift.",
                "They can help you control the weight, or take it if your form slips.",
            ),
            _ul(
                "Use a spotter when you lift close to your limit.",
                "Agree on a signal before you start.",
                "Stop the set at once if you feel pain. Do not try to finish the last rep.",
            ),
        ),
    },
    {
        "slug": "learn-complex-lifts-from-a-coach",
        "title": "Learn complex lifts from a coach",
        "summary": "Olympic lifts and kettlebell swings are skills that need good teaching.",
        "activities": ["heavy_lifting"],
        "body_areas": ["upper_back", "lower_back"],
        "body": _md(
            _p(
                "Olympic lifts, such as cleans and snatches, are fast and complex.",
                "So are kettlebell swings.",
                "Small mistakes in form can put a big load through your lower back.",
            ),
            _ul(
                "Learn these lifts from a qualified coach.",
                "Practice with a broomstick or a light bar first.",
                "Add weight only when your form stays good on every rep.",
            ),
            "Film yourself or ask for feedback, so you can spot problems early.",
        ),
    },
    {
        "slug": "ease-into-each-pose",
        "title": "Ease into each pose",
        "summary": "Let your body open up slowly instead of forcing a deeper stretch.",
        "activities": ["yoga_backbends"],
        "body": _md(
            _p(
                "Yoga should never hurt.",
                "A gentle stretch is good. Sharp or pinching pain means you should back off.",
            ),
            _ul(
                "Move into each pose slowly, in time with your breath.",
                "Stop where you feel a gentle stretch.",
                "Do not bounce or force your body deeper.",
                "Compare yourself with how you felt yesterday, not with the person next to you.",
            ),
            "Tell your teacher about any back or neck problems before the class starts.",
        ),
    },
    {
        "slug": "build-up-slowly",
        "title": "Build up slowly",
        "summary": "Add weight, speed or time a little at a time, not all at once.",
        "activities": list(_ALL_ACTIVITIES),
        "body": _md(
            _p(
                "Many back injuries happen when people do too much, too soon.",
                "This is common when you start a new sport or class.",
            ),
            _ul(
                "Change one thing at a time: weight, speed, time or how often you train.",
                "Make small steps up. For example, add a few minutes or a little weight each week.",
                "Leave a rest day between hard sessions.",
            ),
            "If a new level feels hard to control, go back a step.",
        ),
    },
    {
        "slug": "low-impact-while-you-recover",
        "title": "Choose low-impact exercise while you recover",
        "summary": "Gentler activities keep you fit without jarring your back.",
        "activities": ["high_impact", "pivoting_sports", "contact_sports", "other"],
        "body": _md(
            _p(
                "Running and jumping send repeated shocks through the discs in your spine.",
                "Discs are the soft cushions between the bones of your spine.",
                "While your back heals, choose activities that are easier on it:",
            ),
            _ul(
                "a stationary bike",
                "an elliptical machine",
                "swimming or water aerobics",
                "walking on flat ground",
                "gentle yoga",
            ),
            _p(
                "These work many of the same muscles with less strain.",
                "Once you are pain-free, build back up to running or jumping slowly.",
            ),
        ),
    },
    {
        "slug": "build-your-core-and-glutes",
        "title": "Build your core and glutes",
        "summary": "Strong muscles around your middle take pressure off your spine.",
        "activities": [
            "core_work",
            "heavy_lifting",
            "high_impact",
            "twisting",
            "pivoting_sports",
            "contact_sports",
        ],
        "body_areas": ["upper_back", "lower_back"],
        "body": _md(
            _p(
                "Your core is the group of muscles around your middle.",
                "It works like a belt that supports your spine.",
                "Your glutes (buttock muscles) help too.",
            ),
            "Your core includes:",
            _ul(
                "your stomach muscles, which help you stand tall",
                "the muscles at your sides, which help you turn and twist",
                "your glutes, which support your hips",
                "your hip flexors (muscles at the front of your hips), which affect the curve "
                "of your lower back",
            ),
            _p(
                "Bridges, bird dogs and side planks train these muscles safely.",
                "Two or three short sessions a week can make a difference.",
            ),
        ),
    },
    {
        "slug": "watch-your-posture",
        "title": "Watch your posture when you lift, reach and bend",
        "summary": "How you move during the day matters as much as how you train.",
        "activities": ["heavy_lifting", "twisting", "other"],
        "body_areas": ["upper_back", "lower_back"],
        "body": _md(
            _p(
                "Your back works all day, not just in the gym.",
                "Poor posture when you lift or reach can strain it.",
            ),
            _ul(
                "Bend at your hips and knees, not at your waist.",
                "Keep the load close to your body.",
                "Turn with your feet instead of twisting your back.",
                "Do not reach too far. Move closer or use a step.",
            ),
            _p(
                "Some people have a very deep inward curve in the lower back (hyperlordosis).",
                "Core and glute work can help.",
                "A physical therapist can show you how.",
            ),
        ),
    },
    {
        "slug": "give-muscles-time-to-recover",
        "title": "Give each muscle group time to recover",
        "summary": "Working the same area hard day after day can leave an ache that lingers.",
        "activities": [
            "heavy_lifting",
            "core_work",
            "high_impact",
            "twisting",
            "yoga_backbends",
            "other",
        ],
        "body": _md(
            _p(
                "Muscles get stronger while they rest, not while they work.",
                "Training the same area hard every day gives it no time to repair.",
            ),
            _ul(
                "Spread your training across different muscle groups.",
                "Leave a day or two between hard sessions for the same area.",
                "Mix hard days with easy ones.",
            ),
            "An ache that keeps nagging can be a sign that you are overdoing it.",
        ),
    },
    {
        "slug": "drink-water",
        "title": "Drink water before, during and after exercise",
        "summary": "Drinking enough helps stop muscle cramps that can pull on your back or neck.",
        "activities": list(_ALL_ACTIVITIES),
        "safety_relevant": True,
        "body": _md(
            _p(
                "You lose water when you sweat.",
                "Without enough water, your muscles are more likely to cramp.",
                "A cramp in your back or neck can be very painful.",
            ),
            _ul(
                "Have a drink of water before you start.",
                "Take small sips while you exercise, and more on hot days.",
                "Drink again when you finish.",
            ),
            _p(
                "Very dark urine (the color of tea or cola) with severe muscle pain after a "
                "hard workout is different.",
                "It is an emergency. **Call 911.**",
            ),
        ),
    },
]

# ------------------------------------------------------------------------- plans
# GUIDANCE.md "Return to exercise". One plan per pattern (PROTOCOL.md "Pattern") for the
# physio and self_care results, and one plan for every see_doctor result: "After your
# doctor has checked you" (PROTOCOL.md "What the result page offers"). Plans whose moves
# or warning signs fit only backs carry back body_areas; the strain and nerve patterns
# have neck plans of their own (issue 10: neck results were offered pelvic tilts and a
# 911 line about the legs). Plans without body_areas suit every area.

_BACK_AREAS: list[BodyArea] = ["upper_back", "lower_back"]

PLANS: list[Plan] = [
    {
        "slug": "back-to-exercise-after-soreness",
        "title": "Back to exercise after muscle soreness",
        "summary": "A short plan to ease back into exercise once normal soreness settles.",
        "patterns": ["soreness", "general"],
        "after_doctor_check": False,
        "phases": [
            {
                "title": "Rest and ease the ache",
                "duration": "1 to 3 days",
                "what_to_do": _ul(
                    "Take a break from hard workouts for 24 to 72 hours.",
                    "Keep moving gently. A short walk is better than lying down all day.",
                    "Use ice in the first 48 hours. Then use heat or ice, whichever feels better.",
                    "Try the gentle stretches suggested with your result.",
                ),
                "move_on_when": "The ache is fading, and everyday movements feel easy.",
                "stop_if": _p(
                    "The pain gets worse or spreads down your leg or arm.",
                    "Or it is still severe and not easing after 3 to 4 days.",
                    "That may be an injury, so book a doctor.",
                ),
            },
            {
                "title": "Light, low-impact exercise",
                "duration": "3 to 7 days",
                "what_to_do": _ul(
                    "Choose low-impact activity, such as walking, cycling or swimming.",
                    "Use lighter weights and fewer reps than usual.",
                    "Keep your sessions shorter than normal.",
                    "Keep doing your stretches.",
                ),
                "move_on_when": "You can exercise lightly with no pain, during it or the next day.",
                "stop_if": _p(
                    "The pain comes back.",
                    "Rest for a day or two, then try again at an easier level.",
                ),
            },
            {
                "title": "Build back up",
                "duration": "1 to 3 weeks",
                "what_to_do": _ul(
                    "Add a little more each time: weight, speed, time or how often you train.",
                    "Change only one of these at a time.",
                    "Go back to the exercise that made you sore once you have been pain-free "
                    "for about a week.",
                ),
                "move_on_when": "You are back to your usual training with no pain.",
                "stop_if": _p(
                    "The pain returns. Drop back to the last level that felt fine.",
                    "If the pain keeps coming back, a physical therapist can help.",
                ),
            },
        ],
    },
    {
        "slug": "after-a-strain",
        "title": "After a strain",
        "summary": "A step-by-step return after you pull or strain a muscle in your back.",
        "patterns": ["strain"],
        "body_areas": _BACK_AREAS,
        "after_doctor_check": False,
        "phases": [
            {
                "title": "Protect it and calm it down",
                "duration": "1 to 2 weeks",
                "what_to_do": _md(
                    _ul(
                        "Stop the activity that hurt you. Rest from it for 1 to 2 weeks, until "
                        "the pain is clearly better.",
                        "Keep up light everyday activity, like short walks.",
                        "Use ice several times a day for the first 48 hours. After that, use "
                        "heat or ice, whichever helps more.",
                        _IBUPROFEN,
                        "Sleeping on your side with your knees drawn up can ease stiffness.",
                        "Start with the gentlest stretches suggested with your result.",
                    ),
                    _p(
                        "Do not rush this stage.",
                        "Going back too soon can cause a worse strain or damage a disc (a "
                        "cushion between the bones of your spine).",
                    ),
                ),
                "move_on_when": "The pain is clearly better, and everyday movements like "
                "sitting and bending feel easy.",
                "stop_if": _p(
                    "The pain gets worse, or you get pain, numbness or tingling down a leg or "
                    "arm. Book a doctor.",
                    "If you notice weakness in a leg or arm, see a doctor within 24 to 48 hours.",
                ),
            },
            {
                "title": "Gentle, low-impact exercise",
                "duration": "1 to 2 weeks",
                "what_to_do": _ul(
                    "Try low-impact exercise: walking, a stationary bike, an elliptical "
                    "machine or swimming.",
                    "Add strengthening moves, like bridges and bird dogs.",
                    "Use light weights only, and avoid the move that caused the strain.",
                ),
                "move_on_when": "You can do light exercise with no pain, during it or the "
                "next day.",
                "stop_if": _p(
                    "The pain comes back.",
                    "Stop, rest for a few more days, then try again at an easier level.",
                ),
            },
            {
                "title": "Build up step by step",
                "duration": "2 to 4 weeks",
                "what_to_do": _ul(
                    "Slowly add weight, speed, time or how often you train.",
                    "Change one thing at a time.",
                    "Keep your form strict. Use a spotter for heavy lifts.",
                    "Keep up your stretches and core work.",
                ),
                "move_on_when": "You have had no pain for about a week, even with harder workouts.",
                "stop_if": "The pain returns. Rest, and drop back a level.",
            },
            {
                "title": "Return to your full activity",
                "duration": "Over the next few weeks",
                "what_to_do": _ul(
                    "Go back to the exercise that caused the strain. Start lighter than before.",
                    "If your pain lasted more than 2 weeks, get the all-clear from a doctor first.",
                    "Keep warming up and building up slowly, so it is less likely to happen again.",
                ),
                "move_on_when": "You are back to your normal training without pain.",
                "stop_if": _p(
                    "The same pain comes back.",
                    "Stop, rest, and book a physical therapist to find out why.",
                ),
            },
        ],
    },
    {
        "slug": "after-a-neck-strain",
        "title": "After a neck strain",
        "summary": "A step-by-step return after you pull or strain a muscle in your neck.",
        "patterns": ["strain"],
        "body_areas": ["neck"],
        "after_doctor_check": False,
        "phases": [
            {
                "title": "Protect it and calm it down",
                "duration": "1 to 2 weeks",
                "what_to_do": _md(
                    _ul(
                        "Stop the activity that hurt your neck. Rest from it for 1 to 2 weeks, "
                        "until the pain is clearly better.",
                        "Keep up light everyday activity, like short walks.",
                        "Use ice several times a day for the first 48 hours. After that, use "
                        "heat or ice, whichever helps more.",
                        _IBUPROFEN,
                        "Sleep with a pillow that keeps your head level with your body.",
                        "Start with the gentlest moves, such as chin tucks and shoulder rolls.",
                    ),
                    _p(
                        "Do not rush this stage.",
                        "Going back too soon can cause a worse strain.",
                    ),
                ),
                "move_on_when": "The pain is clearly better, and you can turn your head and "
                "look down without much pain.",
                "stop_if": _md(
                    _p(
                        "The pain gets worse, or you get pain, numbness or tingling down an arm. "
                        "Book a doctor.",
                        "If your arm or hand gets weak or clumsy, see a doctor within 24 to 48 "
                        "hours.",
                    ),
                    _p(
                        "**Call 911** if you get a sudden severe headache, double vision, "
                        "dizziness, slurred speech or trouble swallowing.",
                    ),
                ),
            },
            {
                "title": "Gentle, low-impact exercise",
                "duration": "1 to 2 weeks",
                "what_to_do": _ul(
                    "Try low-impact exercise: walking, a stationary bike or an elliptical machine.",
                    "Add strengthening moves, like shoulder blade squeezes.",
                    "Use light weights only, and avoid the move that caused the strain.",
                    "For now, avoid contact sports and poses that put weight on your head or neck.",
                ),
                "move_on_when": "You can do light exercise with no neck pain, during it or the "
                "next day.",
                "stop_if": _p(
                    "The pain comes back.",
                    "Stop, rest for a few more days, then try again at an easier level.",
                ),
            },
            {
                "title": "Build up step by step",
                "duration": "2 to 4 weeks",
                "what_to_do": _ul(
                    "Slowly add weight, speed, time or how often you train.",
                    "Change one thing at a time.",
                    "Keep your head in line with your back when you lift.",
                    "Keep up your neck and shoulder exercises.",
                ),
                "move_on_when": "You have had no pain for about a week, even with harder workouts.",
                "stop_if": "The pain returns. Rest, and drop back a level.",
            },
            {
                "title": "Return to your full activity",
                "duration": "Over the next few weeks",
                "what_to_do": _ul(
                    "Go back to the exercise that caused the strain. Start lighter than before.",
                    "If your pain lasted more than 2 weeks, get the all-clear from a doctor first.",
                    "In contact sports, build your neck strength before you go back to full "
                    "contact.",
                ),
                "move_on_when": "You are back to your normal training without pain.",
                "stop_if": _p(
                    "The same pain comes back.",
                    "Stop, rest, and book a physical therapist to find out why.",
                ),
            },
        ],
    },
    {
        "slug": "pain-that-lasts-or-keeps-coming-back",
        "title": "Pain that lasts or keeps coming back",
        "summary": "A longer plan to build strength and change how you train, ideally with a "
        "physical therapist.",
        "patterns": ["persistent"],
        "after_doctor_check": False,
        "phases": [
            {
                "title": "Get a plan from a professional",
                "duration": "The first 1 to 2 weeks",
                "what_to_do": _ul(
                    "Book a physical therapist. They can find out why your pain keeps coming back.",
                    "If a doctor has never checked your pain, see one as well.",
                    "Cut back on the activities that bring the pain on. Keep moving in ways "
                    "that feel comfortable.",
                    "Do the gentle stretches suggested with your result each day.",
                ),
                "move_on_when": "You know which exercises to do, and which moves to avoid for now.",
                "stop_if": _p(
                    "The pain gets worse, or you get new pain, numbness or tingling down a leg "
                    "or arm.",
                    "Book a doctor.",
                ),
            },
            {
                "title": "Build strength and flexibility",
                "duration": "4 to 6 weeks",
                "what_to_do": _ul(
                    "Do the strengthening exercises your physical therapist gives you, two or "
                    "three times a week.",
                    "Do the gentle stretches suggested with your result most days.",
                    "Stay fit with low-impact exercise, such as swimming, cycling or walking.",
                    "Work on your lifting form and your posture.",
                ),
                "move_on_when": "Everyday tasks and low-impact exercise feel comfortable, and "
                "you feel stronger.",
                "stop_if": _p(
                    "An exercise makes your pain worse.",
                    "Stop it, and ask your physical therapist for a different one.",
                ),
            },
            {
                "title": "Return with changes",
                "duration": "4 weeks or more",
                "what_to_do": _ul(
                    "Slowly bring back the activity that used to cause pain. Start lighter, "
                    "shorter or slower than before.",
                    "Change what may have caused the problem, such as your form, your shoes or "
                    "training one area too often.",
                    "Wait until you have been pain-free for about a week before you go back "
                    "to it fully.",
                    "If your pain has lasted more than 2 weeks, check with a doctor before you "
                    "return to hard exercise.",
                ),
                "move_on_when": "You can train as normal without the pain coming back.",
                "stop_if": _p(
                    "The pain comes back.",
                    "Drop back to the last phase, and talk to your physical therapist.",
                ),
            },
            {
                "title": "Keep your back strong",
                "duration": "For the long term",
                "what_to_do": _ul(
                    "Keep doing your strengthening and stretching routine, even when you feel "
                    "well.",
                    "Always warm up, and build up slowly when you change your training.",
                    "Stop at the first warning signs, such as tightness or spasms.",
                ),
                "move_on_when": "This is your routine from now on. Keep it going.",
                "stop_if": "Your pain keeps returning. See your physical therapist or doctor "
                "again.",
            },
        ],
    },
    {
        "slug": "gentle-return-with-nerve-symptoms",
        "title": "Gentle return with nerve symptoms",
        "summary": "A careful plan if you have nerve pain in your back or down a leg.",
        "patterns": ["nerve"],
        "body_areas": _BACK_AREAS,
        "after_doctor_check": False,
        "phases": [
            {
                "title": "Calm it down and get checked",
                "duration": "1 to 2 weeks",
                "what_to_do": _md(
                    _ul(
                        "Stop the activity that set off the pain.",
                        "Keep moving gently with short walks. Avoid sitting for a long time.",
                        "Use ice in the first 48 hours. Then use heat or ice, whichever helps.",
                        "Only do the gentle stretches suggested with your result, and keep "
                        "them small.",
                        "If a doctor has not checked this pain yet, book one.",
                    ),
                    _p(
                        "If you get weakness, or numbness that is getting worse, see a doctor "
                        "within 24 to 48 hours.",
                        "Nerve symptoms treated within 48 hours have the best chance of full "
                        "recovery.",
                    ),
                ),
                "move_on_when": "The shooting or burning pain is clearly easing, and it is not "
                "spreading.",
                "stop_if": _md(
                    _p(
                        "You get weakness, unsteady walking, or numbness or tingling that is "
                        "getting worse.",
                        "See a doctor within 24 to 48 hours.",
                    ),
                    _p(
                        "**Call 911** for numbness between your legs, loss of bladder or bowel "
                        "control, or symptoms in both legs.",
                    ),
                ),
            },
            {
                "title": "Low-impact movement",
                "duration": "2 to 4 weeks",
                "what_to_do": _ul(
                    "Try short, easy sessions of walking, a stationary bike or swimming.",
                    "Add the gentle strengthening moves suggested with your result.",
                    "Avoid heavy lifting, running, jumping and deep stretches for now.",
                ),
                "move_on_when": "You have had no shooting or burning pain for at least a week.",
                "stop_if": "The nerve pain comes back or spreads. Stop, and see a doctor.",
            },
            {
                "title": "Build up with care",
                "duration": "Several weeks",
                "what_to_do": _ul(
                    "Add time, speed or weight slowly, one thing at a time.",
                    "A physical therapist can guide you back safely.",
                    "Go back to the exercise that caused the pain only after about a week "
                    "pain-free.",
                    "If your pain lasted more than 2 weeks, get the all-clear from a doctor first.",
                ),
                "move_on_when": "You are back to your usual exercise with no nerve pain.",
                "stop_if": "Shooting pain, numbness, tingling or weakness comes back. Stop, "
                "and see a doctor.",
            },
        ],
    },
    {
        "slug": "gentle-return-with-arm-symptoms",
        "title": "Gentle return with arm symptoms",
        "summary": "A careful plan if nerve pain from your neck spreads into your arm.",
        "patterns": ["nerve"],
        "body_areas": ["neck"],
        "after_doctor_check": False,
        "phases": [
            {
                "title": "Calm it down and get checked",
                "duration": "1 to 2 weeks",
                "what_to_do": _md(
                    _ul(
                        "Stop the activity that set off the pain.",
                        "Keep moving gently with short walks.",
                        "Do not look down at a phone or screen for a long time. Raise it to "
                        "eye level.",
                        "Use ice in the first 48 hours. Then use heat or ice, whichever helps.",
                        "Only do the gentle moves suggested with your result, and keep them small.",
                        "If a doctor has not checked this pain yet, book one.",
                    ),
                    _p(
                        "If your arm or hand gets weak, your hands get clumsy, or numbness gets "
                        "worse, see a doctor within 24 to 48 hours.",
                        "Nerve symptoms treated within 48 hours have the best chance of full "
                        "recovery.",
                    ),
                ),
                "move_on_when": "The pain, numbness or tingling in your arm is clearly easing, "
                "and it is not spreading.",
                "stop_if": _md(
                    _p(
                        "You get weakness in your arm or hand, clumsy hands, unsteady walking, "
                        "or numbness that is getting worse.",
                        "See a doctor within 24 to 48 hours.",
                    ),
                    _p(
                        "**Call 911** if you get a sudden severe headache, double vision, "
                        "dizziness, slurred speech or trouble swallowing.",
                        "Call 911 too for weakness or numbness in both legs, or loss of bladder "
                        "or bowel control.",
                    ),
                ),
            },
            {
                "title": "Low-impact movement",
                "duration": "2 to 4 weeks",
                "what_to_do": _ul(
                    "Try short, easy sessions of walking or a stationary bike.",
                    "Add gentle strengthening moves, such as shoulder blade squeezes.",
                    "For now, avoid heavy lifting, lifting above your head and contact sports.",
                    "Avoid poses that put weight on your head or neck, such as plow.",
                ),
                "move_on_when": "You have had no pain, numbness or tingling in your arm for at "
                "least a week.",
                "stop_if": "The arm symptoms come back or spread. Stop, and see a doctor.",
            },
            {
                "title": "Build up with care",
                "duration": "Several weeks",
                "what_to_do": _ul(
                    "Add time, speed or weight slowly, one thing at a time.",
                    "A physical therapist can guide you back safely.",
                    "Go back to the exercise that caused the pain only after about a week "
                    "pain-free.",
                    "If your pain lasted more than 2 weeks, get the all-clear from a doctor first.",
                ),
                "move_on_when": "You are back to your usual exercise with no arm symptoms.",
                "stop_if": "Pain, numbness, tingling or weakness in your arm comes back. Stop, "
                "and see a doctor.",
            },
        ],
    },
    {
        "slug": "after-your-doctor-has-checked-you",
        "title": "After your doctor has checked you",
        "summary": "A plan for getting back to exercise once a doctor has seen you and agrees.",
        "patterns": ["nerve", "strain", "soreness", "persistent", "general"],
        "after_doctor_check": True,
        "phases": [
            {
                "title": "Follow your doctor's advice",
                "duration": "As your doctor says, often 1 to 2 weeks",
                "what_to_do": _ul(
                    "Do what your doctor tells you. Their advice comes before this plan.",
                    "Rest from the activity that caused the pain until it is clearly better.",
                    "If your doctor agrees, keep up light everyday activity and short walks.",
                    "Use ice in the first 48 hours, then heat or ice. Take pain relief as the "
                    "label says.",
                ),
                "move_on_when": "Your doctor says you can start exercising, and your pain is "
                "clearly better.",
                "stop_if": "Your symptoms get worse, or you notice new ones. Contact your doctor.",
            },
            {
                "title": "Gentle, low-impact exercise",
                "duration": "2 to 4 weeks",
                "what_to_do": _ul(
                    "Start with walking, swimming, a stationary bike or an elliptical machine.",
                    "Add the gentle stretches suggested with your result.",
                    "A physical therapist can build a program that suits your back or neck.",
                ),
                "move_on_when": "You can do light exercise with no pain, during it or the "
                "next day.",
                "stop_if": "The pain comes back. Rest more, and tell your doctor or physical "
                "therapist.",
            },
            {
                "title": "Build up step by step",
                "duration": "Several weeks",
                "what_to_do": _ul(
                    "Slowly add weight, speed, time or how often you train.",
                    "Change one thing at a time.",
                    "Keep your form good and your core strong.",
                ),
                "move_on_when": "You have been pain-free for about a week.",
                "stop_if": "The pain returns. Drop back a level, and rest.",
            },
            {
                "title": "Return to your usual exercise",
                "duration": "When you are ready",
                "what_to_do": _ul(
                    "After a serious injury, or pain that lasted more than 2 weeks, get your "
                    "doctor's all-clear first.",
                    "Go back to the exercise that caused the pain. Start lighter than before.",
                    "Keep warming up, and keep listening to your body.",
                ),
                "move_on_when": "You are training as normal without pain.",
                "stop_if": "The pain comes back. Stop, and see your doctor again.",
            },
        ],
    },
]

# ------------------------------------------------------------------- care advice
# PROTOCOL.md "Outcomes" table: one entry per outcome code. GUIDANCE.md "Self-care",
# "When to see a doctor" and "Emergencies".

# Every non-emergency result page also shows the emergency signs in a card of its own
# (PROTOCOL.md: the safety net), so the care advice points to it rather than repeating it.
# GUIDANCE.md "Self-care" (side-sleeping with knees drawn up is for a stiff back); care
# advice is shown for back and neck pain alike, so it says what suits each.
_SLEEP = _p(
    "If you feel stiff, try sleeping on your side.",
    "For a stiff back, draw your knees up. For a stiff neck, use a pillow that keeps your "
    "head level.",
)

_SEE_SAFETY_NET = (
    "**Call 911** at once if any of the emergency signs in the box "
    '"Call 911 if any of these start" on this page begin.'
)

CARE_ADVICE: list[CareAdvice] = [
    {
        "outcome": "emergency",
        "headline": "Call 911 now, or go to the emergency room",
        # The result's care card already says "Do not drive yourself" and "ask someone
        # to stay with you" (triage/result.py): no sentence twice on a page (issue 13).
        "do_now": _ul(
            "**Call 911 now.** If you cannot call, ask someone to call for you.",
            "Wait for the ambulance, or have someone else take you to the emergency room.",
            "If moving hurts, lie still in the most comfortable position and wait for help.",
            "If you hurt your neck in a fall, blow or collision, keep your head and neck still.",
        ),
        "do_not": _ul(
            "Do not wait to see if it gets better.",
            "Do not exercise or stretch.",
            "After a neck injury, do not let anyone move you unless you are in danger.",
        ),
        "escalate": _p(
            "If you get worse while you wait, call 911 again.",
            "For example, you might feel faint, find it hard to breathe or lose feeling in "
            "your legs.",
            "Tell them what has changed.",
        ),
        "tell_clinician": _md(
            "Tell the 911 call handler or the emergency team:",
            _ul(
                "what you were doing when the pain started, and when it started",
                "which warning signs you have, such as numbness between your legs",
                "if you had a fall, blow or collision",
                "any medicines you take",
                "any health problems, such as cancer, osteoporosis (weak bones) or a back "
                "condition",
            ),
            "You can show them the summary of your answers from this page.",
        ),
    },
    {
        "outcome": "urgent",
        "headline": "See a doctor within 24 to 48 hours",
        # The care card and the same-day button above it say when to be seen and to stop
        # exercising (triage/result.py): not repeated here (issue 13).
        "do_now": _md(
            _ul(
                "Ice can ease the pain in the first 48 hours.",
                _IBUPROFEN,
            ),
            _p(
                "If you have nerve symptoms, such as weakness or numbness, do not delay.",
                "Nerve symptoms treated within 48 hours have the best chance of full recovery.",
            ),
        ),
        "do_not": _ul(
            "Do not wait to see if it goes away on its own.",
        ),
        "escalate": _md(
            _SEE_SAFETY_NET,
            "If you cannot see a doctor within 48 hours, go to urgent care or an emergency room.",
        ),
        "tell_clinician": _md(
            "Tell the doctor:",
            _ul(
                "when and how the pain started, and what exercise you were doing",
                "where it hurts, and if it spreads into a leg or arm",
                "about any numbness, tingling or weakness",
                "about any fall, blow or collision",
                "about fever, weight loss you cannot explain, or cancer",
                "if you have osteoporosis (weak bones) or take steroid tablets",
                "what you have tried so far, and if it helped",
            ),
        ),
    },
    {
        "outcome": "see_doctor",
        "headline": "Book an appointment with a doctor in the next week or two",
        "do_now": _ul(
            "Rest from the activity that brought on the pain.",
            "Keep moving gently. Short walks help.",
            "Use ice in the first 48 hours. Then use heat or ice, whichever feels better.",
            _IBUPROFEN,
            _SLEEP,
            "Try the gentle stretches below if they feel comfortable.",
        ),
        "do_not": _ul(
            "Do not go back to hard exercise until a doctor has checked you.",
            "Do not lift heavy weights.",
            "Do not stretch into sharp pain.",
        ),
        "escalate": _md(
            "See a doctor within 24 to 48 hours if:",
            _ul(
                "you get weakness in a leg or arm",
                "numbness or tingling is getting worse",
                "the pain becomes very severe",
            ),
            _SEE_SAFETY_NET,
        ),
        "tell_clinician": _md(
            "Tell the doctor:",
            _ul(
                "what exercise you were doing, and how the pain started",
                "how long you have had it, and if it is getting better or worse",
                "where it hurts, and if it spreads into a leg or arm",
                "how it affects your sleep, work and exercise",
                "about any back or neck problems you have had before",
            ),
        ),
    },
    {
        "outcome": "physio",
        "headline": "A physical therapist can help you",
        "do_now": _ul(
            "Keep moving in ways that feel comfortable.",
            "If your pain has just flared up, use ice for the first 48 hours. After that, use "
            "heat or ice, whichever feels better.",
            "Try the stretches and tips below.",
        ),
        "do_not": _ul(
            "Do not push through pain.",
            "Do not go straight back to full effort in the exercise that causes your pain. "
            "Build up slowly.",
        ),
        "escalate": _md(
            _p(
                "Book a doctor within 1 to 2 weeks if the pain gets worse or spreads down a "
                "leg or arm.",
                "Do the same if it stops you sleeping.",
                "See a doctor within 24 to 48 hours if you get weakness in a leg or arm.",
            ),
            _SEE_SAFETY_NET,
        ),
        "tell_clinician": _md(
            "Tell your physical therapist:",
            _ul(
                "which exercise or movement brings on the pain",
                "how long you have had it, and how often it comes back",
                "what you have tried, and what helped",
                "your goals, so they can plan your return to exercise",
            ),
        ),
    },
    {
        "outcome": "self_care",
        "headline": "You can look after this at home",
        # The result page's care card and "What to do today" list already say what this
        # is and to rest, keep moving and use ice (triage/result.py; issue 13).
        "do_now": _md(
            _ul(
                "Your return-to-exercise plan says how long to rest from the exercise that "
                "caused it.",
                "Try the gentle stretches suggested with your result. A massage may help too.",
                _IBUPROFEN,
                _SLEEP,
            ),
        ),
        "do_not": _ul(
            "Do not push through sharp pain.",
            "Do not go back to the workout that caused it until the ache has gone.",
            "Do not take more pain relief than the label says.",
        ),
        "escalate": _md(
            "Book a doctor if:",
            _ul(
                "the pain is still severe and not easing after 3 to 4 days",
                "it lasts more than a week",
                "it gets worse, or stops you sleeping or doing everyday things",
                "you get pain, numbness or tingling down a leg or arm",
            ),
            "See a doctor within 24 to 48 hours if you get weakness in a leg or arm.",
            _SEE_SAFETY_NET,
        ),
        "tell_clinician": _md(
            "If you see a doctor or physical therapist, tell them:",
            _ul(
                "what exercise you did, and when the pain started",
                "how the pain has changed since then",
                "what you have tried, and if it helped",
            ),
        ),
    },
]

# ------------------------------------------------------------------------ guides
# One guide per GUIDANCE.md section; none is linked from the emergency or urgent result
# (PROTOCOL.md: those results offer only what to do now).

GUIDES: list[Guide] = [
    {
        "slug": "soreness-or-injury",
        "title": "Is it soreness or an injury?",
        "summary": "How to tell normal muscle soreness from pain that needs care.",
        "topic": "soreness_vs_injury",
        "outcomes": ["self_care", "physio", "see_doctor"],
        "body": _md(
            _p(
                "Most back and neck pain after exercise comes from your muscles.",
                "It is usually not serious. But some pain is a sign of injury.",
                "Knowing the difference helps you choose what to do next.",
            ),
            _h("Normal muscle soreness"),
            _p(
                "After a hard or new workout, your muscles can ache for a few days.",
                "Doctors call this delayed-onset muscle soreness, or DOMS (muscle ache that "
                "starts hours after exercise).",
            ),
            "DOMS usually:",
            _ul(
                "feels like a dull ache, stiffness or tenderness",
                "starts several hours to a day after your workout",
                "is at its worst 24 to 72 hours after exercise",
                "follows strength training or an activity that is new to you",
                "fades on its own within a few days",
            ),
            _p(
                "Many people feel it as a sign that their muscles have worked hard.",
                "Rest, gentle movement and stretching help it pass.",
            ),
            _h("Signs it may be an injury"),
            "Pain from an injury feels different. It is often:",
            _ul(
                "moderate to severe, rather than a dull ache",
                "sharp or stabbing",
                "sudden, starting during the activity, like a twinge in the middle of a lift",
                "still there long after you stop exercising",
                "brought on by everyday movements, such as sitting at work or reaching down",
            ),
            _p(
                "Severe pain that is not easing 72 to 96 hours (3 to 4 days) after exercise "
                "may be an injury.",
                "Book a doctor if this happens to you.",
            ),
            _h("How common are injuries?"),
            _p(
                "Back and neck injuries are common in sports.",
                "Some spine professionals say about 1 in 5 sports injuries affect the neck or "
                "lower back.",
                "In the gym, the lower back is the part that gets hurt most often.",
            ),
            _h("Nerve pain is different"),
            _p(
                "Pain that shoots, burns or feels electric can come from an irritated nerve.",
                "So can pain, numbness or tingling that spreads down your leg or arm.",
                "These are not signs of normal soreness, so book a doctor.",
                "See a doctor within 24 to 48 hours if you also have weakness.",
                "Do the same if numbness is getting worse.",
            ),
            _h("When it is an emergency"),
            "Call 911 if your back or neck pain comes with any of these:",
            _EMERGENCY_SIGNS,
            "Do not drive yourself.",
            _h("Not sure?"),
            "Answer the questions in our check. It will suggest a safe next step.",
        ),
    },
    {
        "slug": "why-exercise-can-hurt-your-back",
        "title": "Why exercise can hurt your back or neck",
        "summary": "The most common reasons people get back or neck pain from working out.",
        "topic": "causes",
        "outcomes": ["self_care", "physio", "see_doctor"],
        "body": _md(
            _p(
                "Exercise is good for your back.",
                "But some habits and health problems make pain more likely.",
                "Here are the most common causes.",
            ),
            _h("Doing too much"),
            _ul(
                "**Overdoing it.** A muscle strains (stretches too far or tears a little) when "
                "you push too hard. This often happens with a new activity.",
                "**Too many reps or too much weight.** Your muscles tire, and your back takes "
                "the load.",
                "**Working the same area again and again.** Muscles need time to recover "
                "between hard sessions.",
            ),
            _h("How you move"),
            _ul(
                "**Poor lifting technique.** Rounding your back or jerking a weight strains "
                "your spine.",
                "**Poor form.** Form often slips when you are tired or the weight is too heavy.",
                "**Stiff muscles and joints.** Tight hips, hamstrings (the backs of your "
                "thighs) or back muscles limit how well you move.",
                "**Hyperlordosis (a very deep inward curve in your lower back).** It can put "
                "extra strain on your spine.",
            ),
            _h("What your body is ready for"),
            _ul(
                "**A weak core.** Your core is the group of muscles around your middle. When "
                "it is weak, your spine has less support.",
                "**High-impact exercise.** Running and jumping send repeated jolts through "
                "your spine.",
                "**Not drinking enough water.** Losing too much fluid can cause muscle cramps.",
            ),
            _h("A back problem you already have"),
            "Some people already have a back condition. Exercise can make it flare up. "
            "Examples include:",
            _ul(
                "a herniated disc (when the soft cushion between two bones bulges out and "
                "presses on a nerve)",
                "a worn or degenerated disc",
                "spinal stenosis (when the space around the nerves in your spine gets narrow)",
                "arthritis in your spine",
            ),
            _p(
                "If you have one of these, talk to a doctor before you push hard.",
                "A physical therapist can help you exercise safely.",
            ),
            _h("A cause that has not been found"),
            _p(
                "Sometimes the pain comes from a problem that has not been found yet.",
                "See a doctor if your pain lasts, keeps coming back or does not fit the usual "
                "pattern.",
            ),
        ),
    },
    {
        "slug": "exercises-with-a-higher-risk",
        "title": "Exercises with a higher risk of back or neck pain",
        "summary": "Which workouts and sports put more strain on your back and neck.",
        "topic": "risky_activities",
        "outcomes": ["self_care", "physio"],
        "body": _md(
            _p(
                "Any exercise can cause back pain if you do too much.",
                "But some activities carry a higher risk.",
                "You do not have to stop them. Knowing the risks helps you train more safely.",
            ),
            _h("High-impact exercise"),
            _p(
                "Running, dancing and aerobics all involve a lot of jumping or pounding.",
                "So do plyometrics (jump training) and HIIT (high-intensity interval training).",
                "Each landing sends a jolt through the discs in your spine.",
                "Discs are the soft cushions between the bones.",
            ),
            _h("Heavy strength training"),
            _p(
                "Deadlifts, squats and kettlebell swings put a big load through your lower back.",
                "Olympic lifts, such as cleans and snatches, are fast and complex.",
                "Small mistakes in form can lead to injury.",
            ),
            _h("Twisting moves"),
            _p(
                "Russian twists and other turning moves can strain your back.",
                "Turning while you hold a heavy weight is a big risk.",
                "It is the most common way people hurt their upper back (thoracic spine).",
                "The upper back is hurt less often than the neck or lower back.",
            ),
            _h("Some yoga poses"),
            _p(
                "Deep backbends and inversions (poses where you turn upside down) bend your "
                "spine a long way.",
                "Wheel, camel and plow are examples. Plow also puts weight on your neck.",
            ),
            _h("Sports with quick turns"),
            _p(
                "Tennis, basketball and hockey involve fast stops, pivots and cuts.",
                "These sudden changes of direction can strain your back.",
            ),
            _h("Contact sports"),
            _p(
                "Tackles, falls and collisions can injure your neck.",
                "Neck injuries are most common in contact sports.",
                "After any blow to the neck, stop playing.",
                "Call 911 if you also have numbness, tingling or weakness in your arms or legs.",
            ),
            _h("Crunches and sit-ups"),
            _p(
                "These bend your spine forward again and again, which strains it.",
                "They can also tighten your hip flexors (muscles at the front of your hips).",
                "Tight hip flexors pull on your lower back.",
            ),
            _h("How to lower your risk"),
            _ul(
                "Warm up before every session.",
                "Learn good form, and keep it as the weight goes up.",
                "Build up slowly.",
                "Make your core and glutes (buttock muscles) stronger.",
                "Stop when you feel warning signs, such as sharp pain or spasms.",
            ),
            "Our prevention tips give more detail for each type of exercise.",
        ),
    },
    {
        "slug": "treating-back-pain-after-exercise",
        "title": "Treating back or neck pain after exercise",
        "summary": "What you can do at home, and which treatments professionals offer.",
        "topic": "treatments",
        "outcomes": ["self_care", "physio", "see_doctor"],
        "body": _md(
            _p(
                "Most back and neck pain after exercise gets better with simple care at home.",
                "Here is what helps.",
            ),
            _h("Rest, but keep moving"),
            _p(
                "Take a break for a few days from the activity that caused the pain.",
                "Keep up light everyday activity, such as short walks.",
                "Staying in bed all day can make you stiffer.",
            ),
            _h("Ice first, then heat or ice"),
            _ul(
                "In the first 48 hours, use ice several times a day. You can keep this up for "
                "up to three days.",
                "Wrap the ice or cold pack in a thin towel. Do not put it straight on your skin.",
                "Use it for about 15 to 20 minutes at a time.",
                "After 48 hours, use heat or ice. Choose whichever feels better.",
            ),
            _h("Gentle stretches"),
            _p(
                "Gentle stretches can ease stiff muscles.",
                "Relax into each one, and never stretch into sharp pain.",
                "Stop any stretch that makes your pain worse.",
                "You can repeat them a few times through the day.",
            ),
            _h("Massage"),
            "Gentle massage can ease tight, sore muscles.",
            _h("Pain relief from the pharmacy"),
            _p(
                "Over-the-counter pain relief (medicine you can buy without a prescription) "
                "can help.",
                "Ibuprofen is one example. Take it as the label says.",
                "Ask a pharmacist before you take ibuprofen if you have stomach or kidney "
                "problems or asthma, or if you are pregnant.",
                "Ask first too after a very hard workout, as ibuprofen can then harm your kidneys.",
                "And ask if you have other health problems or take other medicines.",
            ),
            _h("How you sleep"),
            _p(
                "Try sleeping on your side with your knees drawn up toward your chest.",
                "This can ease stiffness. A pillow between your knees may help too.",
            ),
            _h("Treatments from professionals"),
            "If your pain lasts or keeps coming back, a professional can help.",
            _ul(
                "**Physical therapy.** A physical therapist teaches you exercises and better "
                "ways to move.",
                "**Chiropractic care.** A chiropractor uses their hands to move and adjust the "
                "joints of your spine.",
                "**Massage therapy.** A trained massage therapist works on tight muscles.",
                "**Acupuncture.** Very thin needles are placed in the skin to ease pain.",
            ),
            _h("When home care is not enough"),
            _p(
                "See a doctor if your pain lasts more than a week or gets worse.",
                "See one too if pain spreads down your leg or arm.",
                "Call 911 for emergency signs, such as loss of bladder or bowel control.",
            ),
        ),
    },
    {
        "slug": "when-to-see-a-doctor",
        "title": "When to see a doctor",
        "summary": "Signs that your back or neck pain needs a doctor, and how soon.",
        "topic": "when_to_see_doctor",
        "outcomes": ["self_care", "physio", "see_doctor"],
        "body": _md(
            _p(
                "Most back pain after exercise gets better with rest and home care.",
                "But some signs mean you should get checked. Here is how soon.",
            ),
            _h("Call 911 now"),
            _p(
                "Call 911 or go to the emergency room if you have back or neck pain with any "
                "of these.",
                "Do not drive yourself.",
            ),
            _EMERGENCY_SIGNS,
            "If you are 65 or over and hurt your neck in a fall, knock or accident, call 911 "
            "too: at that age the neck needs a scan the same day.",
            _p(
                "Some of these can be signs of cauda equina syndrome (pressure on the nerves "
                "at the bottom of the spine).",
                "It is an emergency: call 911 now. Do not wait to see a doctor first.",
                "Dark urine with muscle pain can be rhabdomyolysis (muscle breakdown that can "
                "harm the kidneys).",
            ),
            _h("See a doctor within 24 to 48 hours"),
            # PROTOCOL.md v2 U1-U9 (cramps alone are not urgent).
            _ul(
                "new weakness in a leg or arm",
                "hands that have become clumsy, or walking that has become unsteady",
                "numbness or tingling that is getting worse",
                "a fever, or feeling generally unwell",
                "pain that started with a fall, collision or accident",
                "very severe pain, or severe pain that started suddenly during exercise",
                "weight loss you cannot explain, or you have had cancer",
                "a weak immune system, or injecting drugs, with pain at night or at rest",
            ),
            _p(
                "Stop exercising until a doctor has seen you.",
                "Nerve symptoms treated within 48 hours have the best chance of full recovery.",
            ),
            _h("Book an appointment within 1 to 2 weeks"),
            _ul(
                "pain that started suddenly during exercise",
                "pain that has lasted more than a week",
                "pain that stops you sleeping or doing everyday things",
                "pain that stops you getting back to exercise",
                "pain, numbness or tingling that spreads down your leg or arm",
                "pain that is getting worse",
                "a known disc problem, or spinal stenosis (narrowing around the nerves in "
                "your spine) or arthritis in your spine",
                "osteoporosis (weak bones), or taking steroid tablets for a long time",
            ),
            _p(
                "If pain lasts more than 2 to 3 weeks, see a spine specialist.",
                "They can check for damage to a disc or to your spine.",
            ),
            _h("See a physical therapist"),
            _p(
                "Pain that lasts more than 3 months often gets better with physical therapy.",
                "So does pain that keeps coming back after exercise.",
            ),
            _h("Not sure?"),
            "Answer the questions in our check. It will suggest a safe next step.",
        ),
    },
    {
        "slug": "how-physical-therapy-can-help",
        "title": "How physical therapy can help",
        "summary": "When to see a physical therapist, and what they can do for your back.",
        "topic": "physical_therapy",
        "outcomes": ["physio", "see_doctor"],
        "body": _md(
            _p(
                "A physical therapist is a trained health professional.",
                "They help you move better and recover from injury.",
                "They can also help you get back to exercise safely.",
            ),
            _h("When physical therapy helps"),
            "A physical therapist can help if:",
            _ul(
                "an injury stops you doing everyday things",
                "your pain has lasted more than 3 months",
                "your back pain keeps coming back when you exercise",
                "your core muscles are weak, or you are not very flexible",
                "the way you stand or sit adds to your pain",
            ),
            "If a doctor has never checked your pain, see one as well.",
            _h("Your first visit"),
            _p(
                "The therapist will ask about your pain and your training.",
                "They will watch how you move and test your strength and flexibility.",
                "Then they will make a plan with you.",
            ),
            _h("What a physical therapist can do"),
            _p(
                "**Teach you to move safely.**",
                "They show you good lifting form and posture.",
                "They teach you better ways to bend, twist and lift.",
                "This lowers the chance of hurting your back again.",
            ),
            _p(
                "**Give hands-on treatment.**",
                "This may include massage.",
                "It may also include ultrasound (sound waves that warm deep tissue).",
                "Or it may include electrical stimulation (small electric pulses that can ease "
                "pain and spasms).",
            ),
            _p(
                "**Build a program just for you.**",
                "They plan exercises that make your back and core stronger.",
                "These exercises do not strain the part that is healing.",
                "They also help you build up your training step by step.",
            ),
            _h("Getting the most from it"),
            _ul(
                "Do your home exercises as often as your therapist suggests.",
                "Tell them if an exercise makes your pain worse.",
                "Ask questions if you are not sure how to do something.",
                "Tell them your goals, such as getting back to running or lifting.",
            ),
            _h("Getting back to your sport"),
            _p(
                "Your therapist can help you decide when you are ready to return.",
                "They can also suggest low-impact options while you recover.",
            ),
            _h("Other treatments"),
            _p(
                "Some people also find chiropractic care, massage therapy or acupuncture "
                "(very thin needles placed in the skin) helpful.",
                "Ask your doctor or physical therapist which might suit you.",
            ),
        ),
    },
    {
        "slug": "common-questions",
        "title": "Common questions about back or neck pain after exercise",
        "summary": "Short answers to the questions people ask us most.",
        "topic": "faq",
        "outcomes": ["self_care", "physio", "see_doctor"],
        "body": _md(
            _h("Why does my back hurt after working out?"),
            _p(
                "Most often, your muscles are sore from hard work. This is normal.",
                "Other causes include a strained muscle, poor form or lifting too much.",
                "A weak core, stiff muscles and high-impact exercise can also play a part.",
            ),
            _h("Should I work through the pain?"),
            _p(
                "Not if it is sharp, severe or getting worse.",
                "A dull ache from soreness is normal.",
                "But pushing through the pain of an injury can make it worse.",
            ),
            _h("How long does normal soreness last?"),
            _p(
                "It is usually at its worst 24 to 72 hours after exercise, then it fades.",
                "If pain is severe and not easing after 3 to 4 days, it may be an injury.",
            ),
            _h("Should I use ice or heat?"),
            "Use ice in the first 48 hours. After that, use heat or ice, whichever feels better.",
            _h("How should I sleep?"),
            "Try lying on your side with your knees drawn up. This can ease stiffness.",
            _h("When can I exercise again?"),
            _ul(
                "After normal soreness, rest from hard exercise for 24 to 72 hours.",
                "After an injury, rest from the activity that caused it for 1 to 2 weeks, "
                "until the pain is clearly better.",
                "Then start with low-impact exercise and lighter weights.",
                "Build up slowly over several weeks.",
                "Wait until you have been pain-free for about a week before you go back to "
                "the exercise that caused it.",
            ),
            _p(
                "If the pain comes back, stop and rest more.",
                "Going back too soon can lead to a worse strain or damage to a disc.",
            ),
            _h("Do I need a doctor's all-clear?"),
            _p(
                "Yes, after a serious injury or pain that lasted more than 2 weeks.",
                "Get the all-clear from a doctor before you go back to full exercise.",
            ),
            _h("When should I see a doctor?"),
            _p(
                "See a doctor if your pain lasts more than a week, gets worse or spreads down "
                "your leg or arm.",
                "Go within 24 to 48 hours if you have weakness in a leg or arm.",
                "Call 911 for emergency signs, such as loss of bladder or bowel control.",
            ),
            _h("How can I stop it happening again?"),
            _p(
                "Warm up, use good form and build up slowly.",
                "Make your core and glutes (buttock muscles) stronger.",
                "Wear supportive shoes, and drink enough water.",
                "Stop when you feel warning signs.",
            ),
            _h("Is this medical advice?"),
            DISCLAIMER,
        ),
    },
    {
        "slug": "emergency-warning-signs",
        "title": "Emergency warning signs",
        "summary": "The rare signs that mean you need to call 911 straight away.",
        "topic": "emergency_signs",
        "outcomes": ["self_care", "physio", "see_doctor"],
        "body": _md(
            _p(
                "Back and neck pain after exercise is rarely an emergency.",
                "But a few signs mean you need help straight away.",
                "Learn them, so you know what to look out for.",
            ),
            _h("Call 911 if you have back or neck pain with any of these"),
            _EMERGENCY_SIGNS,
            _h("Call 911 after a neck injury if you are 65 or over"),
            _p(
                "If you are 65 or over and your neck pain started with a fall, knock or "
                "accident, call 911.",
                "At that age the neck needs a scan the same day.",
            ),
            _h("Why these signs matter"),
            _p(
                "Two of these signs are numbness between your legs and loss of bladder or "
                "bowel control.",
                "They can mean cauda equina syndrome (pressure on the nerves at the bottom of "
                "the spine).",
                "Call 911 now. It often needs an operation straight away.",
                "Fast treatment gives the best chance of avoiding lasting damage.",
            ),
            _p(
                "Back pain with chest symptoms may come from your heart or a large blood vessel.",
                "Neck pain with a headache, or problems seeing or speaking, can mean an "
                "injured blood vessel in the neck.",
                "Dark urine after a hard workout can be rhabdomyolysis (muscle breakdown that "
                "can harm your kidneys).",
            ),
            _h("What to do"),
            _ul(
                "Call 911 straight away. Do not drive yourself.",
                "If moving hurts, lie still in a comfortable position while you wait.",
                "After a neck injury, keep your head and neck still.",
                "Tell the call handler what happened and which signs you have.",
            ),
            _h("Not an emergency, but still urgent"),
            _p(
                "New weakness in one leg or arm, clumsy hands or unsteady walking needs a "
                "doctor within 24 to 48 hours.",
                "So does numbness that is getting worse.",
                "Stop exercising until a doctor has seen you.",
                "If you cannot move a leg at all, call 911.",
            ),
        ),
    },
]
