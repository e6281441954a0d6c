/**
 * Spec-shaped wire bodies (snake_case), taken from the examples of Zoom's
 * Scheduler OpenAPI document.
 */
export const userWire = {
  slug: "zoom_us",
  scheduling_url: "https://scheduler.zoom.us/zoom_us",
  display_name: "name",
  picture: "base64 encoding string",
  logo: "user logo",
  time_zone: "America/New York"
}

export const segmentsRecurrenceWire = {
  mon: [{ start: "09:00", end: "17:00" }],
  fri: [{ start: "09:00", end: "17:00" }]
}

export const availabilityWire = {
  availability_id: "x3h1u4id4liffdyszsp8kpxl80",
  default: true,
  name: "The working hours.",
  owner: "easonfsxsysks3lgchitiw@scheudler.zoom.us",
  segments_recurrence: segmentsRecurrenceWire,
  time_zone: "Asia/Shanghai"
}

export const scheduleWire = {
  schedule_id: "ygfx661g9x8dwcgeusdqhsplc0",
  add_on_type: "zoomMeeting",
  availability_override: false,
  availability_rules: [
    {
      availability_id: "x3h1u4id4liffdyszsp8kpxl80",
      email: "easonfsxsysks3lgchitiw@scheduler.zoom.us",
      segments: [{ start: "2023-12-21T06:00:00Z", end: "2023-12-21T06:00:00Z" }],
      segments_recurrence: segmentsRecurrenceWire,
      time_zone: "Asia/Shanghai",
      use_custom: false
    }
  ],
  booking_limit: 0,
  buffer: { after: 0, before: 0 },
  capacity: 1,
  color: "#fff200",
  creator: { display_name: "name", email: "easonfsxsysks3lgchitiw@scheduler.zoom.us", self: true },
  cushion: 0,
  custom_fields: [
    {
      custom_field_id: "0l6imf50il8jchyapni3p5ckc0",
      enabled: true,
      format: "text",
      include_other: false,
      name: "Please share anything that will help prepare for our meeting.",
      position: 0,
      required: false,
      answer_choices: ["At home"]
    }
  ],
  description: "description",
  duration: 30,
  end_date: "2023-12-28",
  location: "AAA office",
  organizer: { display_name: "name", email: "easonfsxsysks3lgchitiw@scheduler.zoom.us", self: true },
  secret: false,
  slug: "sales",
  scheduling_url: "https://scheduler.zoom.us/zoom_us/sales",
  start_date: "2023-12-21",
  segments: [{ start: "2023-12-21T06:00:00Z", end: "2023-12-21T06:00:00Z" }],
  segments_recurrence: segmentsRecurrenceWire,
  time_zone: "Asia/Shanghai",
  start_time_increment: 30,
  status: "confirmed",
  interval_type: "fixed",
  summary: "summary",
  schedule_type: "one",
  updated: "2023-12-21T06:19:28.309Z",
  active: true
}

export const eventWire = (eventId = "woft7torlatbw8ek24bmit5k60") => ({
  event_id: eventId,
  schedule_id: "ygfx661g9x8dwcgeusdqhsplc0_20231220T160000Z",
  attendees: [
    {
      booker: true,
      created: "2023-12-21T06:19:23.899Z",
      display_name: "bob",
      email: "abc@zoom.us",
      first_name: "green",
      attendee_id: "z7q0q2962w8iyj87249zbi7t10",
      last_name: "tom",
      time_zone: "Asia/Shanghai",
      no_show: false
    }
  ],
  end_date_time: "2023-12-21T16:30:00+08:00",
  guests: ["tom@zoom.us"],
  location: "AAA office",
  start_date_time: "2023-12-21T16:00:00+08:00",
  status: "confirmed",
  updated: "2023-12-21T06:19:28.309Z",
  meeting_notes: "meeting notes",
  event_type: "default",
  external_location: {
    kind: "zoom",
    meeting_id: "94777886776",
    personal_meeting_id: "98656786887",
    meeting_passcode: "958000",
    meeting_description: "Invite you to meeting",
    meeting_join_url: "https://zoom.us/j/7427752805"
  },
  tracking_params: [{ key: "utm_source", label: "UTM_Source", value: "zoom" }]
})

export const attendeeWire = {
  attendee_id: "z7q0q2962w8iyj87249zbi7t10",
  event_id: "woft7torlatbw8ek24bmit5k60",
  schedule_id: "woft7torlatbw8ek24bmit5k60",
  created: "2023-12-21T06:19:23.899Z",
  display_name: "bob",
  email: "abc@zoom.us",
  first_name: "green",
  last_name: "tom",
  time_zone: "Asia/Shanghai",
  no_show: false,
  custom_values: [{ name: "question1", position: 1, values: ["answer"] }]
}

export const routingResponseWire = {
  booked: false,
  booking_link: "https://xyz.com/d/0bedzp07/roundrobin",
  created_time: "2025-05-01T16:49:55.801Z",
  creator_email: "abc@def.com",
  form_id: "s91lg8lb3mhuj4itgtjnd3f440",
  questions_and_answers: [
    { answers: ["50"], question_id: "17y6gve91og6ftr8qo86vlfz70", question_content: "age" }
  ],
  result_type: "event",
  result_value: "{\"appointmentId\":\"h7z59a55xmkamethclg2huhja0\",\"user\":\"d/0bedzp07\"}"
}

const counts = {
  scheduled_events_created: 10,
  scheduled_events_completed: 9,
  schedules_created: 8,
  scheduled_events_canceled: 7,
  scheduled_events_rescheduled: 6,
  schedules_canceled: 5,
  one_to_one: 4,
  any_host_available: 3,
  one_off_meeting: 2,
  all_host_available: 1,
  meeting_poll: 1,
  one_to_many: 1
}

export const analyticsWire = {
  event_distribution_by_duration: [{ "30": 65 }, { "45": 15 }],
  last_n_days: counts,
  previous_period: counts,
  popular_schedules: [{ "Test 1-1": 5 }],
  popular_time_of_week: [{ Fri: 20 }],
  popular_time_of_day: [{ "11": 16 }],
  users_with_least_events: [{ "Dan Smith": 5 }],
  users_with_most_events: [{ "Dan Smith": 65 }]
}

export const teamsWire = {
  teams: [
    {
      team_id: "ewayolgveb4bmtzn1ubx1lxe71",
      owner_id: "pE96RQ1nSbaboXClJS2Gfw",
      member_count: 500,
      name: "test team",
      slug: "walmart-vok",
      timezone: "Asia/Shanghai"
    }
  ]
}
