// Evidence schemas exactly as the API emits them (groups/workflow.py, Pydantic's model_json_schema),
// captured for tests of the generated evidence form.
import type { JsonSchema } from './schemaFields';

export const spreadIdea: JsonSchema = {
  "additionalProperties": false,
  "description": "Step 1: spread knowledge and understanding of the idea.",
  "properties": {
    "held_on": {
      "description": "Date of the activity",
      "examples": [
        "2026-01-10"
      ],
      "format": "date",
      "title": "Held On",
      "type": "string"
    },
    "method": {
      "description": "How the idea was spread",
      "examples": [
        "ประกาศหอกระจายข่าวและชี้แจงในการประชุมประจำเดือนหมู่บ้าน"
      ],
      "maxLength": 500,
      "minLength": 1,
      "title": "Method",
      "type": "string"
    },
    "people_reached": {
      "description": "About how many people heard it",
      "examples": [
        120
      ],
      "minimum": 1,
      "title": "People Reached",
      "type": "integer"
    }
  },
  "required": [
    "held_on",
    "method",
    "people_reached"
  ],
  "title": "SpreadIdeaEvidence",
  "type": "object"
};

export const holdForum: JsonSchema = {
  "$defs": {
    "Attendee": {
      "additionalProperties": false,
      "properties": {
        "full_name": {
          "examples": [
            "นางสมศรี ใจดี"
          ],
          "maxLength": 200,
          "minLength": 1,
          "title": "Full Name",
          "type": "string"
        },
        "citizen_id": {
          "anyOf": [
            {
              "format": "uuid",
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null,
          "description": "The person in the citizen register, when known",
          "title": "Citizen Id"
        }
      },
      "required": [
        "full_name"
      ],
      "title": "Attendee",
      "type": "object"
    }
  },
  "additionalProperties": false,
  "description": "Step 2: gather the interested people and hold a forum (ประชาคม).",
  "properties": {
    "held_on": {
      "examples": [
        "2026-01-20"
      ],
      "format": "date",
      "title": "Held On",
      "type": "string"
    },
    "place": {
      "examples": [
        "ศาลาประชาคมบ้านหนองบัว หมู่ที่ 3"
      ],
      "maxLength": 300,
      "minLength": 1,
      "title": "Place",
      "type": "string"
    },
    "attendees": {
      "description": "The attendance list",
      "items": {
        "$ref": "#/$defs/Attendee"
      },
      "minItems": 1,
      "title": "Attendees",
      "type": "array"
    },
    "minutes": {
      "description": "The minutes of the forum",
      "maxLength": 20000,
      "minLength": 1,
      "title": "Minutes",
      "type": "string"
    },
    "attachment_id": {
      "anyOf": [
        {
          "format": "uuid",
          "type": "string"
        },
        {
          "type": "null"
        }
      ],
      "default": null,
      "description": "A stored scan of the signed attendance sheet",
      "title": "Attachment Id"
    }
  },
  "required": [
    "held_on",
    "place",
    "attendees",
    "minutes"
  ],
  "title": "HoldForumEvidence",
  "type": "object"
};

export const foundGroup: JsonSchema = {
  "$defs": {
    "GroupKind": {
      "enum": [
        "occupational",
        "housewives",
        "savings",
        "youth",
        "elderly_club",
        "network",
        "other"
      ],
      "title": "GroupKind",
      "type": "string"
    }
  },
  "additionalProperties": false,
  "description": "Step 3: found the group; its name, kind and purpose become the group's.",
  "properties": {
    "name": {
      "examples": [
        "กลุ่มแม่บ้านทอผ้าบ้านหนองบัว"
      ],
      "maxLength": 200,
      "minLength": 1,
      "title": "Name",
      "type": "string"
    },
    "kind": {
      "$ref": "#/$defs/GroupKind",
      "examples": [
        "housewives"
      ]
    },
    "purpose": {
      "examples": [
        "ทอผ้าไหมจำหน่ายเพื่อเพิ่มรายได้"
      ],
      "maxLength": 2000,
      "minLength": 1,
      "title": "Purpose",
      "type": "string"
    },
    "founded_on": {
      "examples": [
        "2026-02-01"
      ],
      "format": "date",
      "title": "Founded On",
      "type": "string"
    }
  },
  "required": [
    "name",
    "kind",
    "purpose",
    "founded_on"
  ],
  "title": "FoundGroupEvidence",
  "type": "object"
};

export const selectCommittee: JsonSchema = {
  "$defs": {
    "CommitteePosition": {
      "enum": [
        "chair",
        "vice_chair",
        "secretary",
        "treasurer",
        "committee_member"
      ],
      "title": "CommitteePosition",
      "type": "string"
    },
    "Seat": {
      "additionalProperties": false,
      "properties": {
        "position": {
          "$ref": "#/$defs/CommitteePosition",
          "examples": [
            "chair"
          ]
        },
        "member_id": {
          "description": "A member of the group (see GET …/members)",
          "format": "uuid",
          "title": "Member Id",
          "type": "string"
        }
      },
      "required": [
        "position",
        "member_id"
      ],
      "title": "Seat",
      "type": "object"
    }
  },
  "additionalProperties": false,
  "description": "Step 5: select the executive committee; each seat goes to a member for the term.",
  "properties": {
    "selected_on": {
      "description": "Date of the meeting that chose the committee",
      "format": "date",
      "title": "Selected On",
      "type": "string"
    },
    "term_start": {
      "examples": [
        "2026-02-15"
      ],
      "format": "date",
      "title": "Term Start",
      "type": "string"
    },
    "term_end": {
      "examples": [
        "2028-02-14"
      ],
      "format": "date",
      "title": "Term End",
      "type": "string"
    },
    "seats": {
      "items": {
        "$ref": "#/$defs/Seat"
      },
      "minItems": 2,
      "title": "Seats",
      "type": "array"
    }
  },
  "required": [
    "selected_on",
    "term_start",
    "term_end",
    "seats"
  ],
  "title": "SelectCommitteeEvidence",
  "type": "object"
};

export const raiseFund: JsonSchema = {
  "$defs": {
    "Contribution": {
      "additionalProperties": false,
      "properties": {
        "member_id": {
          "anyOf": [
            {
              "format": "uuid",
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null,
          "description": "The member who paid in",
          "title": "Member Id"
        },
        "amount": {
          "anyOf": [
            {
              "exclusiveMinimum": 0.0,
              "type": "number"
            },
            {
              "type": "string"
            }
          ],
          "description": "Baht, two places",
          "examples": [
            "150.00"
          ],
          "title": "Amount"
        },
        "paid_on": {
          "examples": [
            "2026-03-05"
          ],
          "format": "date",
          "title": "Paid On",
          "type": "string"
        },
        "description": {
          "default": "เงินสมทบแรกเข้า",
          "maxLength": 500,
          "minLength": 1,
          "title": "Description",
          "type": "string"
        },
        "reference": {
          "anyOf": [
            {
              "maxLength": 100,
              "type": "string"
            },
            {
              "type": "null"
            }
          ],
          "default": null,
          "description": "Receipt number",
          "title": "Reference"
        }
      },
      "required": [
        "amount",
        "paid_on"
      ],
      "title": "Contribution",
      "type": "object"
    }
  },
  "additionalProperties": false,
  "description": "Step 7: raise the group's fund; each contribution is booked in the ledger.",
  "properties": {
    "contributions": {
      "items": {
        "$ref": "#/$defs/Contribution"
      },
      "minItems": 1,
      "title": "Contributions",
      "type": "array"
    }
  },
  "required": [
    "contributions"
  ],
  "title": "RaiseFundEvidence",
  "type": "object"
};

